import { activeTurnId } from '../state/chat-transcript';
import type { TurnView } from '../state/transcript-reducer';
import { retryTurn } from '../store/composer-store';
import { useTranscripts } from '../store/transcript-store';

/**
 * "Retry" under a failed turn's error: its prompt again, to the same agent, as a new turn. Only
 * for the chat's last turn while nothing runs in the chat. A prompt's images are not kept once
 * it is sent, so a turn that had attachments goes back to the composer instead ("Edit and retry"),
 * to be attached again rather than sent without them.
 */
export function RetryTurn({ turn }: { turn: TurnView }) {
  const canRetry = useTranscripts((s) => {
    const t = s.byChat[turn.chatId];
    return !!t && t.turns.at(-1)?.id === turn.id && activeTurnId(t) === null;
  });
  if (!canRetry || turn.stopReason !== 'error' || !turn.prompt) return null;
  const toComposer = turn.attachments.length > 0;
  return (
    <button className="button small" onClick={() => void retryTurn(turn)} title={toComposer ? 'Put the prompt back in the composer: attach its files again, then send' : `Send the same prompt to ${turn.agent} again`}>
      {toComposer ? 'Edit and retry' : 'Retry'}
    </button>
  );
}
