import { useEffect } from 'react';
import { AgentsView } from './components/AgentsView';
import { ChatView } from './components/ChatView';
import { CloseGuardDialog } from './components/CloseGuardDialog';
import { EnvironmentNotice } from './components/EnvironmentNotice';
import { NoticeStrip } from './components/NoticeStrip';
import { SettingsView } from './components/SettingsView';
import { SidePanel } from './components/SidePanel';
import { TopBar } from './components/TopBar';
import { Welcome } from './components/Welcome';
import { inBrowser } from './bridge/host-kind';
import { useBridgeEvents } from './hooks/useBridgeEvents';
import { useShortcuts } from './hooks/useShortcuts';
import { shortcutLabel } from './state/shortcut';
import { loadEnvironment } from './store/agent-setup-store';
import { loadAgents } from './store/agents-store';
import { useComposer } from './store/composer-store';
import { keepDraftsStored } from './store/stored-drafts';
import { useUi } from './store/ui-store';
import { createChat, loadRepos, selectActiveChatId, useWorkspace } from './store/workspace-store';

export function App() {
  useBridgeEvents();
  useShortcuts();
  useEffect(() => keepDraftsStored(useComposer), []);
  useEffect(() => {
    void loadRepos();
    void loadAgents();
    void loadEnvironment();
  }, []);
  const view = useUi((s) => s.view);
  const hasRepos = useWorkspace((s) => s.repos.length > 0);
  const activeRepo = useWorkspace((s) => s.activeRepoId);
  const chatId = useWorkspace(selectActiveChatId);

  return (
    <div className="app">
      <TopBar />
      <EnvironmentNotice />
      <NoticeStrip />
      <main className="app__main">
        {view === 'agents' ? (
          <AgentsView />
        ) : view === 'settings' ? (
          <SettingsView />
        ) : !hasRepos || !activeRepo ? (
          <Welcome />
        ) : chatId ? (
          <div className="workspace">
            <ChatView key={chatId} chatId={chatId} />
            <SidePanel chatId={chatId} />
          </div>
        ) : (
          <div className="chat__empty chat__empty--page">
            <div className="chat__empty-title">No open chats</div>
            <p className="muted">Start a chat to talk to an agent about this repository.</p>
            <button className="button button--primary" onClick={() => void createChat()}>
              New chat <kbd>{shortcutLabel('chat.new', inBrowser())}</kbd>
            </button>
          </div>
        )}
      </main>
      <CloseGuardDialog />
    </div>
  );
}
