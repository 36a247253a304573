import type { ChangedFile } from '../../src-preload/contract';

const STATUS_LETTER: Record<string, string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R', type_changed: 'T' };

/** One pending file: tick to select, click to show its diff; status, +/- and who changed it. */
export function ChangeRow({ file, checked, current, onToggle, onShow }: { file: ChangedFile; checked: boolean; current: boolean; onToggle: () => void; onShow: () => void }) {
  const who = file.agent ?? 'you';
  return (
    <li className={`change-row${current ? ' change-row--current' : ''}`} data-path={file.path}>
      <input type="checkbox" checked={checked} onChange={onToggle} aria-label={`Select ${file.path}`} />
      <span className={`change-row__status change-row__status--${file.status}`} title={file.status}>
        {STATUS_LETTER[file.status] ?? '?'}
      </span>
      <button className="change-row__path" onClick={onShow} title={file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}>
        {file.path}
      </button>
      <span className="change-row__stat small">
        {file.binary ? (
          <span className="muted">binary</span>
        ) : (
          <>
            <span className="plus">+{file.additions}</span> <span className="minus">−{file.deletions}</span>
          </>
        )}
      </span>
      <span className={`agent-badge${file.agent ? '' : ' agent-badge--you'}`} data-agent={who} title={file.agent ? `Changed by ${file.agent}` : 'Your own edit'}>
        {who}
      </span>
    </li>
  );
}
