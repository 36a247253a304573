import { describe, expect, it } from 'vitest';
import type { AgentEvent, ChangedFile } from '../../../src-preload/contract';
import type { AgentBackend, AgentSessionHandle, AgentSpec, OpenSessionOptions, PromptOptions } from '../../../src-main/core/agents/agent-backend';
import { cleanDraft, draftCommitMessage, draftPrompt } from '../../../src-main/core/shipping/draft-message';

const spec: AgentSpec = { id: 'qwen', name: 'Qwen Code', kind: 'acp', command: 'qwen', args: [], env: {} };
const file: ChangedFile = { path: 'src/a.ts', status: 'modified', agent: 'qwen', additions: 2, deletions: 1, binary: false, diff: 'diff --git a/src/a.ts b/src/a.ts\n-old\n+new\n+more\n', truncated: false };

/** A backend whose one session answers with `events` and records what it was asked and whether it was disposed. */
function fakeBackend(events: AgentEvent[], stopReason: 'end_turn' | 'error' = 'end_turn') {
  const seen = { opened: [] as OpenSessionOptions[], prompts: [] as string[], disposed: 0, replies: [] as string[] };
  const handle = {
    agentId: 'qwen',
    externalSessionId: 'side-1',
    origin: 'new',
    cwd: '',
    pid: 1,
    model: null,
    reportedCost: null,
    context: null,
    async prompt(o: PromptOptions) {
      seen.prompts.push(o.prompt);
      for (const e of events) o.onEvent(e);
      o.onEvent({ type: 'turn.end', stopReason });
      return stopReason === 'error' ? { stopReason, error: { name: 'AgentError', message: 'boom' } } : { stopReason };
    },
    async cancel() {},
    async replyPermission(_id: string, optionId: string) {
      seen.replies.push(optionId);
    },
    async dispose() {
      seen.disposed++;
    },
  } as unknown as AgentSessionHandle;
  const backend = {
    async openSession(o: OpenSessionOptions) {
      seen.opened.push(o);
      return handle;
    },
  } as unknown as AgentBackend;
  return { backend, seen };
}

describe('draftCommitMessage', () => {
  it("asks a fresh session of its own in BooCoder's folder (never the chat's session or worktree) and disposes it after", async () => {
    const { backend, seen } = fakeBackend([
      { type: 'text.delta', text: '```\nUpdate a.ts to the new API\n\nReplaces the old call.\n' },
      { type: 'text.delta', text: '```' },
    ]);
    const message = await draftCommitMessage({ startBackend: async () => backend, cwd: '/data/agent-cwd' }, spec, [file]);
    expect(message).toBe('Update a.ts to the new API\n\nReplaces the old call.');
    expect(seen.opened).toEqual([{ cwd: '/data/agent-cwd' }]);
    expect(seen.prompts[0]).toContain('src/a.ts (modified, +2 −1)');
    expect(seen.prompts[0]).toContain('+more');
    expect(seen.disposed).toBe(1);
  });

  it('refuses a permission request the side session makes', async () => {
    const { backend, seen } = fakeBackend([
      {
        type: 'permission.request',
        requestId: 'p1',
        title: 'Write file',
        toolCallId: 't1',
        options: [
          { optionId: 'yes', name: 'Allow', kind: 'allow_once' },
          { optionId: 'no', name: 'Reject', kind: 'reject_once' },
        ],
      } as AgentEvent,
      { type: 'text.delta', text: 'Fix it' },
    ]);
    expect(await draftCommitMessage({ startBackend: async () => backend, cwd: '/x' }, spec, [file])).toBe('Fix it');
    expect(seen.replies).toEqual(['no']);
  });

  it('an empty answer or a failed turn is DraftFailed, and the session is still disposed', async () => {
    for (const [events, stop] of [[[], 'end_turn'], [[{ type: 'text.delta', text: 'partial' }], 'error']] as const) {
      const { backend, seen } = fakeBackend([...events] as AgentEvent[], stop);
      await expect(draftCommitMessage({ startBackend: async () => backend, cwd: '/x' }, spec, [file])).rejects.toMatchObject({ name: 'DraftFailed' });
      expect(seen.disposed).toBe(1);
    }
  });

  it('nothing pending is NothingToCommit, without starting the agent', async () => {
    let started = 0;
    await expect(draftCommitMessage({ startBackend: async () => (started++, fakeBackend([]).backend), cwd: '/x' }, spec, [])).rejects.toMatchObject({ name: 'NothingToCommit' });
    expect(started).toBe(0);
  });
});

describe('draftPrompt and cleanDraft', () => {
  it('cuts a huge diff and says so', () => {
    const big = { ...file, diff: 'x'.repeat(100_000) };
    const p = draftPrompt([big, { ...file, path: 'img.png', binary: true, diff: 'BINARY' }]);
    expect(p.length).toBeLessThan(45_000);
    expect(p).toContain('[diff cut]');
    expect(p).toContain('img.png (modified, +2 −1, binary)');
    expect(p).not.toContain('BINARY');
  });

  it('strips fences and a label', () => {
    expect(cleanDraft('Commit message:\nAdd x')).toBe('Add x');
    expect(cleanDraft('```text\nAdd x\n```')).toBe('Add x');
    expect(cleanDraft('  Add x  ')).toBe('Add x');
  });
});
