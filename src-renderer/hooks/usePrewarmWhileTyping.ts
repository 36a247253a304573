import { useEffect } from 'react';
import { cancelPrewarm, prewarm } from '../store/prewarm-store';

/**
 * Keeps the composer's (chat, agent) warm: pre-warmed when the chat is shown with an agent
 * chosen, asked again while the user types (a session the supervisor let go is prepared anew),
 * and cancelled when the user switches to another chat or agent.
 */
export function usePrewarmWhileTyping(chatId: string, agent: string | null, available: boolean, draft: string): void {
  useEffect(() => {
    if (!agent || !available) return;
    void prewarm(chatId, agent);
    return () => void cancelPrewarm(chatId, agent);
  }, [chatId, agent, available]);
  useEffect(() => {
    if (agent && available && draft.length > 0) void prewarm(chatId, agent, { onlyIfStale: true });
  }, [chatId, agent, available, draft]);
}
