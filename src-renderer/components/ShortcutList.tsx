import { inBrowser } from '../bridge/host-kind';
import { SHORTCUTS } from '../state/shortcut';

const NAMES: Record<keyof typeof SHORTCUTS, string> = {
  'chat.new': 'New chat',
  'chat.close': 'Close chat',
  'chat.find': 'Find in the chat',
  'tab.next': 'Next tab',
  'tab.previous': 'Previous tab',
  'turn.send': 'Send',
  'settings.open': 'Settings',
};

/** Every shortcut with its browser-safe alternative; in a browser, the keys the browser keeps for itself are marked. */
export function ShortcutList() {
  const browser = inBrowser();
  return (
    <table className="table shortcut-list">
      <thead>
        <tr>
          <th>Command</th>
          <th>Keys</th>
          <th>{browser ? 'In this browser' : 'Also'}</th>
        </tr>
      </thead>
      <tbody>
        {(Object.keys(SHORTCUTS) as Array<keyof typeof SHORTCUTS>).map((c) => (
          <tr key={c}>
            <td>{NAMES[c]}</td>
            <td>
              <kbd className={browser && SHORTCUTS[c].browser ? 'muted' : ''} title={browser && SHORTCUTS[c].browser ? 'The browser keeps this key for its own tabs' : undefined}>
                {SHORTCUTS[c].desktop}
              </kbd>
            </td>
            <td>{SHORTCUTS[c].browser ? <kbd>{SHORTCUTS[c].browser}</kbd> : <span className="muted">—</span>}</td>
          </tr>
        ))}
        <tr>
          <td>Stop the running turn</td>
          <td>
            <kbd>Esc</kbd>
          </td>
          <td>
            <span className="muted">—</span>
          </td>
        </tr>
        <tr>
          <td title="In an empty prompt: the chat’s earlier prompts, newest first">Earlier prompts</td>
          <td>
            <kbd>↑</kbd> <kbd>↓</kbd>
          </td>
          <td>
            <span className="muted">—</span>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
