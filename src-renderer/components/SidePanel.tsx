import { setSidePanel, useUi } from '../store/ui-store';
import { selectChanges, useChanges } from '../store/changes-store';
import { ChangesPanel } from './ChangesPanel';
import { UsagePanel } from './UsagePanel';

/** The right-hand panel of a chat: its pending changes or its usage. */
export function SidePanel({ chatId }: { chatId: string }) {
  const panel = useUi((s) => s.sidePanel);
  const count = useChanges((s) => selectChanges(chatId)(s).files.length);
  return (
    <aside className="side">
      <div className="segmented side__switch" role="tablist" aria-label="Panel">
        <button role="tab" aria-selected={panel === 'changes'} className={panel === 'changes' ? 'active' : ''} onClick={() => setSidePanel('changes')}>
          Changes{count ? ` (${count})` : ''}
        </button>
        <button role="tab" aria-selected={panel === 'usage'} className={panel === 'usage' ? 'active' : ''} onClick={() => setSidePanel('usage')}>
          Usage
        </button>
      </div>
      {panel === 'changes' ? <ChangesPanel chatId={chatId} /> : <UsagePanel chatId={chatId} />}
    </aside>
  );
}
