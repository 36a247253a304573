import { inBrowser } from '../bridge/host-kind';
import { shortcutLabel } from '../state/shortcut';
import { setView, useUi, type MainView } from '../store/ui-store';
import { useWorkspace } from '../store/workspace-store';
import { ChatTabs } from './ChatTabs';
import { RepoSwitcher } from './RepoSwitcher';

const VIEWS: { id: MainView; label: string; title: string }[] = [
  { id: 'chat', label: 'Chats', title: 'Chats' },
  { id: 'agents', label: 'Agents', title: 'Live agent sessions' },
  { id: 'settings', label: 'Settings', title: `Settings — ${shortcutLabel('settings.open', inBrowser())}` },
];

/** The repository, its chat tabs, and the switch between chats, live agents and settings. */
export function TopBar() {
  const view = useUi((s) => s.view);
  const hasRepo = useWorkspace((s) => s.activeRepoId !== null);
  return (
    <header className="topbar">
      <span className="topbar__brand">BooCoder</span>
      {hasRepo && <RepoSwitcher />}
      <div className="topbar__tabs">{hasRepo && view === 'chat' && <ChatTabs />}</div>
      <nav className="segmented" aria-label="View">
        {VIEWS.map((v) => (
          <button key={v.id} className={view === v.id ? 'active' : ''} aria-pressed={view === v.id} title={v.title} onClick={() => setView(v.id)}>
            {v.label}
          </button>
        ))}
      </nav>
    </header>
  );
}
