import { memo, useMemo } from 'react';
import type { PromptCapabilities } from '../../src-preload/contract';
import { attachmentName, attachmentNote, attachmentProblem, type DraftAttachment } from '../state/attachments';
import { Icon } from './Icon';

const Chip = memo(function Chip({ a, problem, note, onRemove }: { a: DraftAttachment; problem: string | null; note: string | null; onRemove: () => void }) {
  const name = attachmentName(a);
  // The data URL of a large image is a big string: built once per chip, not per render.
  const src = useMemo(() => (a.type === 'image' ? `data:${a.mimeType};base64,${a.data}` : null), [a]);
  return (
    <li className={`attachment${problem ? ' attachment--refused' : ''}`} data-testid="attachment" data-refused={problem ? '1' : undefined}>
      <span className="attachment__chip" title={name}>
        {src ? <img className="attachment__thumb" src={src} alt="" /> : <Icon name="file" />}
        <span className="attachment__name">{name}</span>
        <button className="attachment__remove" aria-label={`Remove ${name}`} title="Remove" onClick={onRemove}>
          ×
        </button>
      </span>
      {problem && (
        <span className="attachment__problem small" role="status">
          {problem}
        </span>
      )}
      {!problem && note && <span className="attachment__note small muted">{note}</span>}
    </li>
  );
});

/** The draft's attachments, each saying plainly if the chosen agent cannot take it. */
export function AttachmentChips({ list, caps, agentName, onRemove }: { list: DraftAttachment[]; caps: PromptCapabilities | null; agentName: string; onRemove: (id: string) => void }) {
  if (list.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {list.map((a, i) => (
        <Chip key={a.id} a={a} problem={attachmentProblem(a, i, caps, agentName)} note={attachmentNote(a, caps)} onRemove={() => onRemove(a.id)} />
      ))}
    </ul>
  );
}
