import { describe, expect, it } from 'vitest';
import { withAgentsTrailer } from '../../../src-main/core/worktrees/agents-trailer';

describe('withAgentsTrailer', () => {
  it('adds the agents, sorted and once each, in a paragraph of their own', () => {
    expect(withAgentsTrailer('Fix the parser\n\nIt dropped the last token.', ['qwen', 'claude-code', 'qwen'])).toBe('Fix the parser\n\nIt dropped the last token.\n\nAgents: claude-code, qwen\n');
  });

  it("joins an existing trailer block (Signed-off-by)", () => {
    expect(withAgentsTrailer('Fix\n\nSigned-off-by: A <a@x>\n', ['qwen'])).toBe('Fix\n\nSigned-off-by: A <a@x>\nAgents: qwen\n');
  });

  it('does not take a one-line message for a trailer block', () => {
    expect(withAgentsTrailer('Fix: the parser', ['qwen'])).toBe('Fix: the parser\n\nAgents: qwen\n');
  });

  it("leaves the user's own commit without a trailer", () => {
    expect(withAgentsTrailer('Tidy up  \n\n', [])).toBe('Tidy up\n');
  });
});
