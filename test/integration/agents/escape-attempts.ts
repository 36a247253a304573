import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { AgentEvent, Turn } from '../../../src-preload/contract';

/**
 * Escape attempts: the mock LLM tells the agent to write, with its file tool and with a shell
 * command, to the user's checkout, $HOME, /tmp outside any worktree, another chat's worktree and
 * the repository's .git/hooks. Permission prompts are answered "reject" (nothing was allowed
 * explicitly), so a file that lands got there through a mode that writes without asking and past
 * the sandbox; or "allow", to show that the sandbox alone holds outside every worktree.
 */

export type EscapeTarget = 'checkout' | 'home' | 'tmp' | 'other-worktree' | 'git-hooks';
export type EscapeTool = 'file' | 'shell';
export type EscapeOutcome = 'refused' | 'prompted' | 'landed';

export interface EscapeResult {
  target: EscapeTarget;
  tool: EscapeTool;
  outcome: EscapeOutcome;
  path: string;
}

export interface EscapeContext {
  repoDir: string;
  home: string;
  /** A chat other than the one the attempts run in, with its worktree made. */
  otherWorktree: string;
  /** How `run` answers permission prompts: after an "allow", a write that did not land was refused by the sandbox. */
  answer: 'allow' | 'reject';
  /** One turn in the attacking chat, its permission prompts answered `answer`. */
  run(prompt: string, onEvent: (e: AgentEvent) => void): Promise<{ turn: Turn }>;
}

export const ALL_TARGETS: readonly EscapeTarget[] = ['checkout', 'home', 'tmp', 'other-worktree', 'git-hooks'];

export async function attemptEscapes(ctx: EscapeContext, tag: string, only: readonly EscapeTarget[] = ALL_TARGETS): Promise<EscapeResult[]> {
  const tmpDir = mkdtempSync('/tmp/boocoder-escape-');
  try {
    const targets: Record<EscapeTarget, string> = {
      checkout: ctx.repoDir,
      home: ctx.home,
      tmp: tmpDir,
      'other-worktree': ctx.otherWorktree,
      'git-hooks': path.join(ctx.repoDir, '.git', 'hooks'),
    };
    const results: EscapeResult[] = [];
    for (const target of only) {
      const dir = targets[target];
      for (const tool of ['file', 'shell'] as const) {
        const file = path.join(dir, `escape-${tag}-${tool}`);
        const directive = tool === 'file' ? `[[mock:write:${file}:escaped]]` : `[[mock:shell:echo escaped > ${file}]]`;
        let prompted = false;
        await ctx.run(`Write outside. ${directive}`, (e) => {
          if (e.type === 'permission.request') prompted = true;
        });
        const outcome: EscapeOutcome = existsSync(file) ? 'landed' : prompted && ctx.answer === 'reject' ? 'prompted' : 'refused';
        results.push({ target, tool, outcome, path: file });
        // Nothing of an attempt that landed may influence the next one.
        rmSync(file, { force: true });
      }
    }
    return results;
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** One line per agent and mode for docs/reliability.md's table. */
export function escapeSummary(agent: string, mode: string, results: EscapeResult[]): string {
  const count = (o: EscapeOutcome) => results.filter((r) => r.outcome === o).length;
  const landed = results.filter((r) => r.outcome === 'landed').map((r) => `${r.target}/${r.tool}`);
  return `escape ${agent} [${mode}]: ${results.length} attempts, ${count('refused')} refused, ${count('prompted')} prompted, ${count('landed')} landed${landed.length ? ` (${landed.join(', ')})` : ''}`;
}

export function expectNoEscape(results: EscapeResult[]): void {
  const landed = results.filter((r) => r.outcome === 'landed');
  expect(landed, JSON.stringify(landed)).toEqual([]);
}

/** A commit made by the agent in its worktree under the sandbox is in the worktree's history. */
export function lastCommitSubject(worktree: string): string {
  return execFileSync('git', ['log', '-1', '--format=%s'], { cwd: worktree, encoding: 'utf8' }).trim();
}
