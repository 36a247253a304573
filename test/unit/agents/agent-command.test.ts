import { describe, expect, it } from 'vitest';
import { agentCommandIn, splitAgentCommand } from '../../../src-main/core/agents/agent-command';

/** Which prompts are the agent's own slash commands, sent as typed with nothing before them. */
describe('splitAgentCommand', () => {
  // As the agents advertise them: Codex's review, Gemini CLI's multi-word names.
  const commands = [{ name: 'review' }, { name: 'compact' }, { name: 'memory' }, { name: 'memory show' }];

  it.each([['/compact'], ['/review main'], ['  /review\nthe last commit'], ['/memory show'], ['/memory add a note']])('%j is one', (prompt) => {
    expect(splitAgentCommand(prompt, commands)).not.toBeNull();
  });

  it.each([['/usr/lib holds what?'], ['/reviewer please'], ['compact this'], ['please /compact'], ['/'], ['']])('%j is not', (prompt) => {
    expect(splitAgentCommand(prompt, commands)).toBeNull();
  });

  it('an agent that advertises no commands has none', () => {
    expect(splitAgentCommand('/compact', [])).toBeNull();
  });

  it('splits a command into its name, the longest that fits, and its arguments', () => {
    expect(splitAgentCommand('/review main', commands)).toEqual({ name: 'review', args: 'main' });
    expect(splitAgentCommand('/memory show', commands)).toEqual({ name: 'memory show', args: '' });
    expect(splitAgentCommand('/memory add  a note ', commands)).toEqual({ name: 'memory', args: 'add  a note' });
    expect(splitAgentCommand('/usr/lib', commands)).toBeNull();
  });

  it("asks a live session for its commands only for a prompt that starts with '/', and takes a failed answer as none", async () => {
    let asked = 0;
    const session = (answer: () => Promise<{ commands: typeof commands }>) => ({
      options: () => {
        asked++;
        return answer() as never;
      },
    });
    const live = session(async () => ({ commands }));
    expect(await agentCommandIn('compact this', live)).toBeNull();
    expect(asked).toBe(0);
    expect(await agentCommandIn('/review main', live)).toEqual({ name: 'review', args: 'main' });
    expect(asked).toBe(1);
    expect(await agentCommandIn('/review main', session(() => Promise.reject(new Error('gone'))))).toBeNull();
  });
});
