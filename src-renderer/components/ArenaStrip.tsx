import { selectArenaList, showArena, useArenas } from '../store/arena-store';

const LABEL: Record<string, string> = { running: 'running', done: 'waiting for a pick', interrupted: 'interrupted — still pickable' };

/** The chat's open arenas (running, or waiting for a pick), each a button back to its view. */
export function ArenaStrip({ chatId }: { chatId: string }) {
  const list = useArenas(selectArenaList(chatId));
  const open = list.filter((a) => a.status === 'running' || a.status === 'done' || a.status === 'interrupted');
  if (open.length === 0) return null;
  return (
    <div className="arena-strip small" data-testid="arena-strip">
      {open.map((a) => (
        <button key={a.id} className="arena-strip__item" onClick={() => void showArena(chatId, a.id)}>
          <span className="badge">Arena</span> {a.contestants.map((c) => c.agent).join(' vs ')} · {LABEL[a.status]}
        </button>
      ))}
    </div>
  );
}
