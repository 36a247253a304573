import { inBrowser } from '../bridge/host-kind';
import { shortcutLabel } from '../state/shortcut';
import { createChat, selectActiveChatId, useWorkspace } from '../store/workspace-store';
import { ArchivedMenu } from './ArchivedMenu';
import { ChatTab } from './ChatTab';

/** The chat tabs of the active repository, "+" for a new chat, and the archived chats menu. */
export function ChatTabs() {
  const chats = useWorkspace((s) => s.chats);
  const activeId = useWorkspace(selectActiveChatId);
  return (
    <div className="tabs" role="tablist" aria-label="Chats">
      <div className="tabs__scroll">
        {chats.map((c) => (
          <ChatTab key={c.id} chat={c} active={c.id === activeId} />
        ))}
      </div>
      <button className="icon-button tabs__new" aria-label="New chat" title={`New chat — ${shortcutLabel('chat.new', inBrowser())}`} onClick={() => void createChat()}>
        +
      </button>
      <ArchivedMenu />
    </div>
  );
}
