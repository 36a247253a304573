import { inBrowser } from '../bridge/host-kind';
import { shortcutLabel } from '../state/shortcut';
import { useState } from 'react';
import type { Chat } from '../../src-preload/contract';
import { activeTurnId } from '../state/chat-transcript';
import { tabIndicator } from '../state/tabs';
import { useTranscripts } from '../store/transcript-store';
import { renameChat, requestCloseChat, selectChat, useWorkspace } from '../store/workspace-store';

const INDICATOR_TITLES = { busy: ' — an agent is working', done: ' — a turn ended while you were away', failed: ' — a turn failed while you were away' } as const;

/** One chat tab: click to switch, double-click to rename, × to close (archive). A dot while an agent works, or for a turn that ended unseen. */
export function ChatTab({ chat, active }: { chat: Chat; active: boolean }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(chat.title);
  const busyFromStatus = useWorkspace((s) => s.busyChats.has(chat.id));
  const busyFromTurns = useTranscripts((s) => {
    const t = s.byChat[chat.id];
    return t ? activeTurnId(t) !== null : false;
  });
  const busy = busyFromStatus || busyFromTurns;
  const indicator = tabIndicator(busy, useWorkspace((s) => s.unseen.get(chat.id)));

  const commit = () => {
    setEditing(false);
    if (draft.trim() && draft.trim() !== chat.title) void renameChat(chat.id, draft);
    else setDraft(chat.title);
  };

  return (
    <div
      role="tab"
      aria-selected={active}
      data-chat-id={chat.id}
      className={`tab${active ? ' tab--active' : ''}`}
      onClick={() => selectChat(chat.id)}
      onDoubleClick={() => {
        setDraft(chat.title);
        setEditing(true);
      }}
      onAuxClick={(e) => {
        if (e.button === 1) void requestCloseChat(chat.id);
      }}
      title={indicator ? `${chat.title}${INDICATOR_TITLES[indicator]}` : `${chat.title} (double-click to rename)`}
      data-indicator={indicator ?? undefined}
    >
      <span className={`tab__busy${indicator === 'busy' ? ' tab__busy--on' : indicator ? ` tab__busy--${indicator}` : ''}`} aria-label={indicator ?? undefined} />
      {editing ? (
        <input
          className="tab__rename"
          aria-label="Chat title"
          autoFocus
          value={draft}
          maxLength={200}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onClick={(e) => e.stopPropagation()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') {
              e.stopPropagation();
              setDraft(chat.title);
              setEditing(false);
            }
          }}
        />
      ) : (
        <span className="tab__title">{chat.title}</span>
      )}
      <button
        className="tab__close"
        aria-label={`Close ${chat.title}`}
        title={`Close (archive) — ${shortcutLabel('chat.close', inBrowser())}`}
        onClick={(e) => {
          e.stopPropagation();
          void requestCloseChat(chat.id);
        }}
      >
        ×
      </button>
    </div>
  );
}
