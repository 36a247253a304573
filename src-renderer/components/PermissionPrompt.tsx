import { useMemo } from 'react';
import { unifiedDiff } from '../state/line-diff';
import type { PermissionPart } from '../state/transcript-reducer';
import { replyPermission } from '../store/transcript-store';
import { DiffView } from './DiffView';

const BUTTON_CLASS: Record<string, string> = {
  allow_once: 'button button--primary',
  allow_always: 'button',
  reject_once: 'button button--danger-ghost',
  reject_always: 'button button--danger-ghost',
};

/** An agent asking for permission, inline: answer with one of its options; once answered it says what was chosen. */
export function PermissionPrompt({
  part,
  chatId,
  turnId,
  onAnswer,
}: {
  part: PermissionPart;
  chatId: string;
  turnId: string;
  /** Where the answer goes when the prompt is not a chat turn's (an arena contestant's). */
  onAnswer?: (requestId: string, optionId: string) => void;
}) {
  const diff = useMemo(() => (part.diffs ?? []).map((d) => unifiedDiff(d.path, d.oldText, d.newText)).join(''), [part.diffs]);
  const chosen = part.options.find((o) => o.optionId === part.chosen);
  return (
    <div className={`permission${part.resolved ? ' permission--resolved' : ''}`} data-request-id={part.requestId}>
      <div className="permission__title">
        <span className="permission__icon" aria-hidden>
          ?
        </span>
        {part.title}
      </div>
      {!part.resolved && diff && <DiffView diff={diff} />}
      {part.resolved ? (
        <div className="permission__answer small">{chosen ? `Answered: ${chosen.name}` : 'No longer waiting (the turn ended).'}</div>
      ) : (
        <div className="permission__options">
          {part.options.map((o) => (
            <button key={o.optionId} className={BUTTON_CLASS[o.kind] ?? 'button'} onClick={() => (onAnswer ? onAnswer(part.requestId, o.optionId) : void replyPermission(chatId, turnId, part.requestId, o.optionId))}>
              {o.name}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
