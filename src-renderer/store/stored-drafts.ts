/**
 * Unsent prompt text outlives a reload or a quit: each chat's draft is kept in the window's
 * storage, written a moment after the last keystroke and when the window goes away. Only text:
 * attached images can be megabytes, more than that storage holds.
 */

const KEY = 'boocoder.drafts';
/** Drafts kept at most (the most recently written win), so chats deleted long ago do not pile up. */
export const MAX_STORED_DRAFTS = 200;
/** A draft longer than this is kept only up to it: the window's storage holds a few megabytes in all. */
export const MAX_STORED_DRAFT_CHARS = 100_000;
const WRITE_DELAY_MS = 300;

/** Pure: the drafts in what was stored; anything unreadable counts as none. */
export function parseStoredDrafts(raw: string | null): Record<string, string> {
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const drafts: Record<string, string> = {};
  for (const [chatId, text] of Object.entries(value)) if (typeof text === 'string' && text !== '') drafts[chatId] = text;
  return drafts;
}

/**
 * Pure: what to store of the drafts: the non-empty ones, each cut to its limit, the newest
 * `MAX_STORED_DRAFTS` (insertion order: a chat's key moves to the end when its draft is set anew).
 */
export function draftsToStore(drafts: Readonly<Record<string, string>>): string {
  const kept = Object.entries(drafts)
    .filter(([, text]) => text !== '')
    .slice(-MAX_STORED_DRAFTS)
    .map(([chatId, text]) => [chatId, text.slice(0, MAX_STORED_DRAFT_CHARS)]);
  return JSON.stringify(Object.fromEntries(kept));
}

const storage = (): Storage | null => (typeof localStorage === 'undefined' ? null : localStorage);

export const readStoredDrafts = (): Record<string, string> => parseStoredDrafts(storage()?.getItem(KEY) ?? null);

/**
 * Keeps the drafts the store holds written to the window's storage until the returned function
 * is called. A full or refused storage only means the drafts live as long as the window.
 */
export function keepDraftsStored(source: {
  getState(): { drafts: Record<string, string> };
  subscribe(listener: (state: { drafts: Record<string, string> }, previous: { drafts: Record<string, string> }) => void): () => void;
}): () => void {
  const store = storage();
  if (!store) return () => {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    try {
      store.setItem(KEY, draftsToStore(source.getState().drafts));
    } catch {
      // Quota or a storage the browser refuses: nothing to tell the user mid-typing.
    }
  };
  const unsubscribe = source.subscribe((state, previous) => {
    if (state.drafts !== previous.drafts) timer ??= setTimeout(write, WRITE_DELAY_MS);
  });
  const onHide = () => {
    if (timer) write();
  };
  window.addEventListener('pagehide', onHide);
  return () => {
    unsubscribe();
    window.removeEventListener('pagehide', onHide);
    if (timer) write();
  };
}
