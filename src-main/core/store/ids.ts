import { randomUUID } from 'node:crypto';

/** Short, sortable-enough, collision-safe ids with a readable prefix ("chat_…", "turn_…"). */
export const newId = (prefix: string): string => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
