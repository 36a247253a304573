import type { AgentSessionHandle } from './agent-backend';

/**
 * The agent's own slash command a prompt starts with ("/compact", "/review main"), split into
 * its name and the rest as its arguments; null for any other prompt. An agent runs a command
 * only when the prompt starts with it, so nothing may go before it (a hand-off waits for the
 * next prompt). A prompt that starts with a path ("/usr/lib is…") is not one. Pure.
 */
export function splitAgentCommand(prompt: string, commands: readonly { name: string }[]): { name: string; args: string } | null {
  const text = prompt.trimStart();
  if (!text.startsWith('/')) return null;
  const rest = text.slice(1);
  // Some names have words of their own (Gemini CLI's "memory show"): the longest that fits wins.
  const fits = commands.filter((c) => c.name !== '' && (rest === c.name || (rest.startsWith(c.name) && /\s/.test(rest.charAt(c.name.length)))));
  const name = fits.map((c) => c.name).sort((a, b) => b.length - a.length)[0];
  return name === undefined ? null : { name, args: rest.slice(name.length).trim() };
}

/** The command a live session's prompt starts with, asking the session for its commands only when the prompt starts with "/" (asking may cost requests). */
export async function agentCommandIn(prompt: string, session: Pick<AgentSessionHandle, 'options'>): Promise<{ name: string; args: string } | null> {
  if (!prompt.trimStart().startsWith('/')) return null;
  const options = await session.options().catch(() => null);
  return splitAgentCommand(prompt, options?.commands ?? []);
}

export const promptIsAgentCommand = async (prompt: string, session: Pick<AgentSessionHandle, 'options'>): Promise<boolean> =>
  (await agentCommandIn(prompt, session)) !== null;
