import type { AgentEvent, EventName, MethodName, PrewarmStatus, RawInvokeResult, Usage } from '../../src-preload/contract';
import { addUsage, emptyUsage } from '../../src-preload/contract/usage-math';
import { AGENTS, CHANGES, CHATS, FILES, LIVE_TURN_EVENTS, MEMORY_STATUS, OPTIONS, REPO, SESSIONS, TURNS } from './harness-data';

/**
 * A core in the page, for the dev harness (`?harness=1`): it answers the bridge's methods from
 * harness-data.ts and pushes events, so the real App can be looked at and screenshotted in any
 * state without agents, git or a host. It stands in for Electron's preload (window.boocoderRaw),
 * which the bridge prefers, and so must be installed before anything imports the bridge.
 *
 * Query: `agent=<id>` the composer's agent, `live=1` stream one more turn after the history loads,
 * `prewarm=<state>` the composer's pre-warm state, `memory=1` live agents using memory against a budget.
 */

type Listener = (payload: unknown) => void;

declare global {
  interface Window {
    /** What the harness's core was asked to send, for a driver to check. */
    boocoderHarness?: { sent: unknown[] };
  }
}

export function installFakeCore(params: URLSearchParams): void {
  const listeners = new Map<string, Set<Listener>>();
  const emit = (event: EventName, payload: unknown) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  const ok = (result: unknown): RawInvokeResult => ({ ok: true, result });
  const unsupported = (method: string): RawInvokeResult => ({ ok: false, error: { name: 'Unsupported', message: `${method} is not part of the harness.` } });
  // Usage of turns streamed since the page loaded, so the summary stays in step with the events.
  const streamedUsage = new Map<string, Usage>();
  const totals = (agent: string): Usage => TURNS.filter((t) => t.agent === agent).map((t) => t.usage).reduce(addUsage, streamedUsage.get(agent) ?? emptyUsage());

  window.boocoderHarness = { sent: [] };
  localStorage.setItem('boocoder.activeRepo', REPO.id);
  localStorage.setItem('boocoder.lastAgent', params.get('agent') ?? 'claude');

  let seq = 0;
  let streamed = false;
  const stream = (turnId: string, agent: string, events: readonly AgentEvent[], delayMs: number) => {
    events.forEach((event, i) =>
      setTimeout(() => {
        if (event.type === 'usage') streamedUsage.set(agent, addUsage(streamedUsage.get(agent) ?? emptyUsage(), event.usage));
        emit('turn.event', { chatId: 'c1', turnId, agent, seq: i, event });
        // The core pushes a session's new totals with every usage event.
        if (event.type === 'usage') emit('usage.updated', { chatId: 'c1', agent, totals: totals(agent) });
      }, delayMs * (i + 1)),
    );
  };

  const answer = (method: MethodName, p: Record<string, unknown>): RawInvokeResult => {
    switch (method) {
      case 'repos.list':
        return ok([REPO]);
      case 'chats.list':
        return ok(CHATS);
      case 'agents.list':
        return ok(AGENTS);
      case 'agents.status':
        return ok(params.has('memory') ? MEMORY_STATUS : { sessions: [], processes: [], busyChats: [] });
      case 'agents.options':
        return ok(OPTIONS[String(p.agent)] ?? OPTIONS.qwen);
      case 'sessions.list':
        return ok(p.chatId === 'c1' ? SESSIONS : []);
      case 'turns.list':
        if (p.chatId === 'c1' && params.get('live') === '1' && !streamed) {
          streamed = true;
          stream('t-live', 'claude', LIVE_TURN_EVENTS, 60);
        }
        return ok(p.chatId === 'c1' ? TURNS : []);
      case 'changes.get':
        return ok(p.chatId === 'c1' ? { files: CHANGES, agents: ['claude'] } : { files: [], agents: [] });
      case 'chats.files': {
        const q = String(p.query ?? '').toLowerCase();
        const hit = (path: string) => {
          let at = 0;
          for (const ch of q) if ((at = path.toLowerCase().indexOf(ch, at) + 1) === 0) return false;
          return true;
        };
        return ok({ paths: FILES.filter(hit).slice(0, Number(p.limit ?? 50)) });
      }
      case 'usage.summary':
        return ok({
          rows: [
            { chatId: 'c1', agent: 'claude', usage: totals('claude'), costReported: true, context: TURNS[0]!.context },
            { chatId: 'c1', agent: 'gemini', usage: totals('gemini'), costReported: false, context: TURNS[1]!.context },
          ],
          repoTotal: addUsage(totals('claude'), totals('gemini')),
          today: addUsage(totals('claude'), totals('gemini')),
        });
      case 'chats.risk':
        return ok({ unappliedFiles: [], dirtyFiles: [], unpushedCommits: [] });
      case 'settings.get':
        return ok({ idleTtlMs: 900_000, maxLiveSessions: 6, permissionPolicy: 'ask', reaperGraceMs: 3_600_000, editorCommand: '', memoryBudgetBytes: 2 * 1024 ** 3 });
      case 'sessions.prewarm': {
        // `prewarm=<state>` shows the composer in that state; `warming` turns `ready` after a moment.
        const state = (params.get('prewarm') ?? 'ready') as PrewarmStatus['state'];
        const status: PrewarmStatus = {
          chatId: String(p.chatId),
          agent: String(p.agent),
          state,
          ...(state === 'failed' ? { error: { name: 'AgentStartFailed', message: 'qwen exited before it answered initialize (code 1): Error: OPENAI_API_KEY is not set' } } : {}),
          ...(state === 'skipped' ? { reason: 'the agents already use 1.9 GB of the 2 GB memory budget' } : {}),
        };
        if (params.get('prewarm-then') === 'ready') setTimeout(() => emit('sessions.prewarm', { ...status, state: 'ready' }), 1500);
        return ok(status);
      }
      case 'sessions.cancelPrewarm':
        return ok({});
      case 'turns.send': {
        const turnId = `t-sent-${seq++}`;
        window.boocoderHarness?.sent.push(p);
        stream(turnId, String(p.agent), [
          { type: 'turn.start', sessionMode: 'resumed', externalSessionId: 'x', model: null },
          { type: 'text.delta', text: `(harness) Got it: ${String(p.prompt).slice(0, 60)}` },
          { type: 'turn.end', stopReason: 'end_turn' },
        ], 80);
        return ok({ turnId });
      }
      default:
        return unsupported(method);
    }
  };

  window.boocoderRaw = {
    invoke: async (method, params) => answer(method as MethodName, (params ?? {}) as Record<string, unknown>),
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
