import type { AgentSessionHandle } from '../agents/agent-backend';

/**
 * Whether the prompt is one of the agent's own slash commands ("/compact", "/review main"): an
 * agent runs it only when the prompt starts with it, so nothing may go before it (a hand-off
 * waits for the next prompt). A prompt that starts with a path ("/usr/lib is…") is not one. Pure.
 */
export function isAgentCommand(prompt: string, commands: readonly { name: string }[]): boolean {
  const text = prompt.trimStart();
  if (!text.startsWith('/')) return false;
  const rest = text.slice(1);
  // Some names have words of their own (Gemini CLI's "memory show").
  return commands.some((c) => c.name !== '' && (rest === c.name || (rest.startsWith(c.name) && /\s/.test(rest.charAt(c.name.length)))));
}

/** The same for a live session, asking it for its commands only when the prompt starts with "/" (asking may cost requests). */
export async function promptIsAgentCommand(prompt: string, handle: Pick<AgentSessionHandle, 'options'>): Promise<boolean> {
  if (!prompt.trimStart().startsWith('/')) return false;
  const options = await handle.options().catch(() => null);
  return isAgentCommand(prompt, options?.commands ?? []);
}
