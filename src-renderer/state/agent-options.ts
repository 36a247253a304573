import type { AgentOptions, EventPayload } from '../../src-preload/contract';

/** Options are kept per chat and agent: a live session's model and mode are that chat's. */
export const optionsKey = (chatId: string, agent: string): string => `${chatId}\u0000${agent}`;

/** Options worth showing: none when the agent has told BooCoder nothing yet (no empty selects). */
export const shownOptions = (o: AgentOptions | null | undefined): AgentOptions | null => (o && o.source !== 'none' ? o : null);

/**
 * Applies an agents.options event. The reporting chat (if named) takes the options as they are.
 * The core also remembers them for the agent, and that is what every other chat without a live
 * session of the agent would now be answered, so those take them too, as remembered; chats with
 * a live session of their own keep theirs.
 */
export function applyOptionsEvent(
  byKey: Readonly<Record<string, AgentOptions | null>>,
  e: EventPayload<'agents.options'>,
): Record<string, AgentOptions | null> {
  const own = e.chatId ? optionsKey(e.chatId, e.agent) : null;
  const suffix = `\u0000${e.agent}`;
  const remembered: AgentOptions = { ...e.options, source: 'remembered' };
  const next = { ...byKey };
  for (const [k, o] of Object.entries(byKey)) if (k !== own && k.endsWith(suffix) && o?.source !== 'live') next[k] = remembered;
  if (own) next[own] = e.options;
  return next;
}

/** A model or mode select: what it shows selected, its entries, and its placeholder entry if any. */
export interface Picker {
  value: string;
  items: { id: string; name: string }[];
  /** The "agent's default" entry (value ''), offered only while the agent has not said what it uses. */
  placeholder: string | null;
}

/** The user's pick when the agent still offers it; a pick the agent no longer offers is not sent. */
export const validPick = (items: readonly { id: string }[], picked: string | null): string | null => (picked && items.some((i) => i.id === picked) ? picked : null);

/**
 * The select for a list of models or modes: the user's pick, else what the agent says it is
 * using now. A current value the list lacks is shown anyway so the select never lies about it.
 * Null (no select) when the agent offers no choice.
 */
export function pickerFor(list: readonly { id: string; name: string }[], picked: string | null, current: string | null, placeholder: string): Picker | null {
  if (list.length === 0) return null;
  const items = current && !list.some((m) => m.id === current) ? [{ id: current, name: current }, ...list] : list.slice();
  return { value: validPick(items, picked) ?? current ?? '', items, placeholder: current ? null : placeholder };
}
