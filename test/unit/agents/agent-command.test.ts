import { describe, expect, it } from 'vitest';
import { isAgentCommand, splitAgentCommand } from '../../../src-main/core/agents/agent-command';

/** Which prompts are the agent's own slash commands, sent as typed with nothing before them. */
describe('isAgentCommand', () => {
  // As the agents advertise them: Codex's review, Gemini CLI's multi-word names.
  const commands = [{ name: 'review' }, { name: 'compact' }, { name: 'memory' }, { name: 'memory show' }];

  it.each([['/compact'], ['/review main'], ['  /review\nthe last commit'], ['/memory show'], ['/memory add a note']])('%j is one', (prompt) => {
    expect(isAgentCommand(prompt, commands)).toBe(true);
  });

  it.each([['/usr/lib holds what?'], ['/reviewer please'], ['compact this'], ['please /compact'], ['/'], ['']])('%j is not', (prompt) => {
    expect(isAgentCommand(prompt, commands)).toBe(false);
  });

  it('an agent that advertises no commands has none', () => {
    expect(isAgentCommand('/compact', [])).toBe(false);
  });

  it('splits a command into its name, the longest that fits, and its arguments', () => {
    expect(splitAgentCommand('/review main', commands)).toEqual({ name: 'review', args: 'main' });
    expect(splitAgentCommand('/memory show', commands)).toEqual({ name: 'memory show', args: '' });
    expect(splitAgentCommand('/memory add  a note ', commands)).toEqual({ name: 'memory', args: 'add  a note' });
    expect(splitAgentCommand('/usr/lib', commands)).toBeNull();
  });
});
