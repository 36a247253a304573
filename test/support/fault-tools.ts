import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Helpers for fault-injection tests: process-tree and process-group listing straight from
 * /proc, polling, a seeded random source (the seed is printed so a failing run can be replayed),
 * and small scripted ACP agents that misbehave in ways a real agent will not do on demand.
 */

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  comm: string;
}

/** One process's pid, parent, process group and state from /proc/PID/stat, or null once it is gone. */
export function procInfo(pid: number): ProcInfo | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses, so split at the last ')'.
  const close = stat.lastIndexOf(')');
  const comm = stat.slice(stat.indexOf('(') + 1, close);
  const [state = '?', ppid = '0', pgid = '0'] = stat.slice(close + 2).split(' ');
  return { pid, ppid: Number(ppid), pgid: Number(pgid), state, comm };
}

/** Every process on the machine (zombies included, they say `state: 'Z'`). */
export function allProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = procInfo(Number(name));
    if (info) out.push(info);
  }
  return out;
}

/** Live (non-zombie) members of a process group. */
export function groupMembers(pgid: number): ProcInfo[] {
  return allProcesses().filter((p) => p.pgid === pgid && p.state !== 'Z');
}

/** A process and all its live descendants. */
export function processTree(rootPid: number): ProcInfo[] {
  const all = allProcesses().filter((p) => p.state !== 'Z');
  const result: ProcInfo[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    const me = all.find((p) => p.pid === pid);
    if (me) result.push(me);
    for (const child of all.filter((p) => p.ppid === pid)) queue.push(child.pid);
  }
  return result;
}

/** Process groups with at least one live member. */
export function liveGroups(pgids: Iterable<number>): number[] {
  return [...new Set(pgids)].filter((g) => groupMembers(g).length > 0);
}

/** SIGKILL to a whole process group, ignoring one that is already gone. */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every 25 ms until it holds; throws naming `what` after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** A seeded PRNG (mulberry32). Seed from FAULT_SEED, else the clock; printed for replay. */
export function seededRandom(label: string): { seed: number; next(): number; int(min: number, max: number): number; pick<T>(items: readonly T[]): T } {
  const seed = process.env.FAULT_SEED ? Number(process.env.FAULT_SEED) : Date.now() % 2 ** 31;
  console.info(`[faults] ${label}: FAULT_SEED=${seed}`);
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/**
 * Modes of the misbehaving ACP agent written by `writeFaultAgent` (plain Node, starts in ~50 ms):
 *   garbage-only    answers every line with non-JSON garbage and never a valid response
 *   close-stdout    a normal agent until a prompt arrives, then closes its stdout and stays alive
 *   ignore-sigterm  a normal agent that traps SIGTERM (only SIGKILL stops it)
 *   normal          a normal agent: echo replies, "hang" waits for session/cancel, a prompt
 *                   holding "close-stdout" closes stdout mid-turn
 * Each writes its pid to stderr as `fault-agent pid N` at start.
 */
export type FaultAgentMode = 'garbage-only' | 'close-stdout' | 'ignore-sigterm' | 'normal';

const FAULT_AGENT_SOURCE = String.raw`
import readline from 'node:readline';
import fs from 'node:fs';
const mode = process.argv[2] ?? 'normal';
process.stderr.write('fault-agent pid ' + process.pid + ' mode ' + mode + '\n');
if (mode === 'ignore-sigterm') process.on('SIGTERM', () => process.stderr.write('fault-agent: SIGTERM ignored\n'));
const send = (m) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...m }) + '\n');
const cancels = new Map();
let n = 0;
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (mode === 'garbage-only') { process.stdout.write('}{ not json at all ' + line.length + '\n'); return; }
  let m; try { m = JSON.parse(line); } catch { return; }
  const p = m.params ?? {};
  switch (m.method) {
    case 'initialize':
      send({ id: m.id, result: { protocolVersion: 1, agentInfo: { name: 'fault-agent', version: '0' }, agentCapabilities: { loadSession: false } } });
      return;
    case 'session/new':
      send({ id: m.id, result: { sessionId: 'fault-' + process.pid + '-' + (++n) } });
      return;
    case 'session/prompt': {
      // Only the user's own request counts (a hand-off quoting older prompts comes before it).
      const text = (p.prompt ?? []).map((b) => b.text ?? '').join('').trim().split('\n').pop();
      const sid = p.sessionId;
      send({ method: 'session/update', params: { sessionId: sid, update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: 'partial answer' } } } });
      if (mode === 'close-stdout' || text.includes('close-stdout')) { setTimeout(() => fs.closeSync(1), 50); return; }
      if (text.includes('hang')) { cancels.set(sid, () => send({ id: m.id, result: { stopReason: 'cancelled' } })); return; }
      send({ id: m.id, result: { stopReason: 'end_turn' } });
      return;
    }
    case 'session/cancel':
      cancels.get(p.sessionId)?.(); cancels.delete(p.sessionId);
      return;
    default:
      if (m.id !== undefined && m.method) send({ id: m.id, error: { code: -32601, message: 'Method not found' } });
  }
});
// Stay alive even when stdin closes (a stuck agent would), so only signals stop it.
setInterval(() => {}, 1 << 30);
`;

/** Writes the misbehaving agent to `dir/fault-agent.mjs` and returns the command to run it in `mode`. */
export async function writeFaultAgent(dir: string, mode: FaultAgentMode): Promise<{ command: string; args: string[] }> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'fault-agent.mjs');
  await writeFile(file, FAULT_AGENT_SOURCE);
  return { command: process.execPath, args: [file, mode] };
}

/** The tsx binary and the project's scripted ACP agent (test/support/fake-acp-agent.ts). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const TSX_BIN = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
export const FAKE_ACP_AGENT = path.join(REPO_ROOT, 'test', 'support', 'fake-acp-agent.ts');
/**
 * tsx's loader by absolute URL, for `node --import`: agents start in BooCoder's own folder, not
 * this repository, where a bare `tsx` would not resolve.
 */
export const TSX_IMPORT = import.meta.resolve('tsx');

/** Scans text (a file, a log, a JSON dump) for a secret, also hex/base64-encoded forms. */
export function containsSecret(haystack: string, secret: string): boolean {
  return (
    haystack.includes(secret) ||
    haystack.includes(Buffer.from(secret).toString('base64')) ||
    haystack.includes(Buffer.from(secret).toString('hex'))
  );
}

// ---------------------------------------------------------------------------------------------
// A whole Core driven through the contract, with the turn events it emitted.

import type { AgentEvent, EventName, EventPayload } from '../../src-preload/contract';
import { Core, type CoreOptions } from '../../src-main/core/core';
import { dispatch } from '../../src-main/core/rpc/dispatch';

export type TurnEnd = Extract<AgentEvent, { type: 'turn.end' }>;

/** A contract error as a thrown Error whose name is the contract name. */
export class CallError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

export interface DrivenCore {
  core: Core;
  /** Every event the core emitted, in order. */
  seen: Array<{ name: EventName; payload: unknown }>;
  call<T = unknown>(method: string, params?: unknown): Promise<T>;
  /** The named error a call fails with (throws if it succeeds). */
  callError(method: string, params?: unknown): Promise<{ name: string; message: string }>;
  send(chatId: string, agent: string, prompt: string): Promise<string>;
  events(turnId: string): AgentEvent[];
  end(turnId: string, ms?: number): Promise<TurnEnd>;
  /** pid of the agent's process (opencode: the server; ACP: the child), from agents.status. */
  agentPid(agent: string): Promise<number | undefined>;
}

export async function driveCore(options: CoreOptions): Promise<DrivenCore> {
  const core = await Core.open({ validateEvents: true, ...options });
  const seen: Array<{ name: EventName; payload: unknown }> = [];
  core.events.subscribe((name, payload) => {
    seen.push({ name, payload });
  });
  const call = async <T = unknown>(method: string, params: unknown = {}): Promise<T> => {
    const reply = await dispatch(core.handlers, method, params);
    if (!reply.ok) throw new CallError(reply.error.name, reply.error.message);
    return reply.result as T;
  };
  const callError = async (method: string, params: unknown = {}) => {
    const reply = await dispatch(core.handlers, method, params);
    if (reply.ok) throw new Error(`${method} succeeded but was expected to fail: ${JSON.stringify(reply.result).slice(0, 300)}`);
    return reply.error;
  };
  const events = (turnId: string): AgentEvent[] =>
    seen
      .filter((e) => e.name === 'turn.event' && (e.payload as EventPayload<'turn.event'>).turnId === turnId)
      .map((e) => (e.payload as EventPayload<'turn.event'>).event);
  const end = async (turnId: string, ms = 90_000): Promise<TurnEnd> => {
    await until(() => events(turnId).some((e) => e.type === 'turn.end'), `the end of turn ${turnId}`, ms);
    return events(turnId).find((e) => e.type === 'turn.end') as TurnEnd;
  };
  return {
    core,
    seen,
    call,
    callError,
    send: async (chatId, agent, prompt) => (await call<{ turnId: string }>('turns.send', { chatId, agent, prompt })).turnId,
    events,
    end,
    agentPid: async (agent) => {
      const status = await call<{ processes: Array<{ agent: string; pid?: number; state?: string }> }>('agents.status', {});
      return status.processes.find((p) => p.agent === agent && p.pid !== undefined)?.pid;
    },
  };
}
