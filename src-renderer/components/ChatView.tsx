import { useEffect } from 'react';
import { loadSessions } from '../store/agents-store';
import { dismissChangesError, loadChanges } from '../store/changes-store';
import { loadTranscript, selectTranscript, useTranscripts } from '../store/transcript-store';
import { loadArenas, selectShownArena, useArenas } from '../store/arena-store';
import { useFind } from '../store/find-store';
import { ArenaStrip } from './ArenaStrip';
import { ArenaView } from './ArenaView';
import { Composer } from './Composer';
import { SetupPanel } from './SetupPanel';
import { ErrorCallout } from './ErrorCallout';
import { FindBar } from './FindBar';
import { Transcript } from './Transcript';

/** A chat: its transcript and the composer. Switching to it loads history, sessions and changes. */
export function ChatView({ chatId }: { chatId: string }) {
  const transcript = useTranscripts(selectTranscript(chatId));
  const loadState = useTranscripts((s) => s.loadState[chatId]);
  const arena = useArenas(selectShownArena(chatId));
  const findOpen = useFind((s) => s.open);
  useEffect(() => {
    void loadTranscript(chatId);
    void loadSessions(chatId);
    // A message about an apply made before the chat was last opened is stale.
    dismissChangesError(chatId);
    void loadChanges(chatId);
    void loadArenas(chatId);
  }, [chatId]);

  if (arena) {
    return (
      <section className="chat" aria-label="Chat" data-chat-id={chatId}>
        <ArenaView chatId={chatId} state={arena} />
      </section>
    );
  }

  return (
    <section className="chat" aria-label="Chat" data-chat-id={chatId}>
      {loadState && typeof loadState === 'object' && <ErrorCallout error={loadState} />}
      <ArenaStrip chatId={chatId} />
      {findOpen && <FindBar chatId={chatId} turns={transcript.turns} />}
      {transcript.turns.length === 0 ? (
        <div className="chat__empty">
          {loadState === 'loading' ? (
            <span className="muted">Loading…</span>
          ) : (
            <>
              <div className="chat__empty-title">No messages yet</div>
              <div className="muted">Pick an agent below and describe what you want. Every agent in this chat works in the same worktree; you review and apply their changes on the right.</div>
            </>
          )}
        </div>
      ) : (
        <Transcript turns={transcript.turns} chatId={chatId} />
      )}
      <SetupPanel chatId={chatId} />
      <Composer chatId={chatId} />
    </section>
  );
}
