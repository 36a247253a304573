import { isArenaOpen } from '../state/arena-view';
import { selectArenaList, showArena, useArenas } from '../store/arena-store';

const LABEL: Record<string, string> = { running: 'running', done: 'waiting for a pick', interrupted: 'interrupted — still pickable' };

/**
 * The chat's open arenas (running, or waiting for a pick), each a button back to its view; the
 * closed ones folded under "Past arenas", where a contestant that lost can be restored.
 */
export function ArenaStrip({ chatId }: { chatId: string }) {
  const list = useArenas(selectArenaList(chatId));
  const open = list.filter((a) => isArenaOpen(a.status));
  const past = list.filter((a) => !isArenaOpen(a.status));
  if (list.length === 0) return null;
  return (
    <div className="arena-strip small" data-testid="arena-strip">
      {open.map((a) => (
        <button key={a.id} className="arena-strip__item" onClick={() => void showArena(chatId, a.id)}>
          <span className="badge">Arena</span> {a.contestants.map((c) => c.agent).join(' vs ')} · {LABEL[a.status]}
        </button>
      ))}
      {past.length > 0 && (
        <details className="arena-strip__past">
          <summary>
            Past arenas ({past.length})
          </summary>
          {past.map((a) => (
            <button key={a.id} className="arena-strip__item" title={a.prompt} onClick={() => void showArena(chatId, a.id)}>
              {a.contestants.map((c) => c.agent).join(' vs ')} · {a.status === 'picked' ? `${a.pickedAgent} picked` : 'discarded'}
            </button>
          ))}
        </details>
      )}
    </div>
  );
}
