import type { AttachmentInfo } from '../../src-preload/contract';
import { Icon } from './Icon';

/** What a prompt carried besides its text, under it: images and @ files by name. */
export function TurnAttachments({ list }: { list: AttachmentInfo[] }) {
  if (list.length === 0) return null;
  return (
    <ul className="turn__attachments" aria-label="Attachments">
      {list.map((a, i) => (
        <li key={i} className="turn__attachment small" data-type={a.type} title={a.name}>
          <Icon name={a.type} size={13} />
          <span className="turn__attachment-name">{a.name}</span>
        </li>
      ))}
    </ul>
  );
}
