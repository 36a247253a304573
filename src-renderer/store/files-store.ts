import { bridge } from '../bridge/bridge';
import { describeError, errorName, type ErrorView } from '../state/describe-error';

/** How many matches the @ list asks for: more than fit on screen, few enough to stay instant. */
export const FILE_MATCH_LIMIT = 50;

export interface FileMatches {
  query: string;
  paths: string[];
  /** The search failed: shown in the list instead of an unexplained "no files". */
  error: ErrorView | null;
}

/**
 * Files of a chat's worktree matching an @ mention (chats.files). No state is kept: the composer
 * holds the answer to its newest question and ignores older ones.
 */
export async function searchFiles(chatId: string, query: string): Promise<FileMatches> {
  try {
    const { paths } = await bridge.invoke('chats.files', { chatId, limit: FILE_MATCH_LIMIT, ...(query ? { query } : {}) });
    return { query, paths, error: null };
  } catch (e) {
    return { query, paths: [], error: errorName(e) === 'Unsupported' ? null : describeError(e) };
  }
}
