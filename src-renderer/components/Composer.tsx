import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { activeTurnId, queuedCount } from '../state/chat-transcript';
import { choiceFor, choose, loadOptions, optionsKey, selectSessions, useAgents } from '../store/agents-store';
import { interruptActiveTurn, sendActiveDraft, setDraft, useComposer } from '../store/composer-store';
import { selectTranscript, useTranscripts } from '../store/transcript-store';
import { AgentPicker } from './AgentPicker';
import { SessionChip } from './SessionChip';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

/** The prompt box: agent, model and mode, the session chip, send (Ctrl/Cmd+Enter) and stop (Esc). */
export function Composer({ chatId }: { chatId: string }) {
  const agents = useAgents((s) => s.agents);
  const choice = useAgents(useShallow((s) => choiceFor(s, chatId)));
  const options = useAgents((s) => (choice.agent ? s.options[optionsKey(chatId, choice.agent)] : undefined));
  const sessions = useAgents(selectSessions(chatId));
  const live = sessions.some((x) => x.agent === choice.agent && x.live);
  const draft = useComposer((s) => s.drafts[chatId] ?? '');
  const sending = useComposer((s) => s.sending);
  const transcript = useTranscripts(selectTranscript(chatId));
  const running = activeTurnId(transcript) !== null;
  const queued = queuedCount(transcript);
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (choice.agent) void loadOptions(choice.agent, chatId);
  }, [choice.agent, chatId, live]);
  useEffect(() => {
    box.current?.focus();
  }, [chatId]);

  const agentInfo = agents.find((a) => a.id === choice.agent);
  const canSend = !!draft.trim() && !!agentInfo?.available && !sending;
  return (
    <div className="composer">
      <textarea
        ref={box}
        className="composer__input"
        aria-label="Prompt"
        placeholder={agentInfo ? `Ask ${agentInfo.name}…  (${MOD}+Enter to send)` : 'Choose an agent below'}
        value={draft}
        rows={3}
        onChange={(e) => setDraft(chatId, e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && running) {
            e.preventDefault();
            void interruptActiveTurn();
          }
        }}
      />
      <div className="composer__bar">
        <AgentPicker agents={agents} value={choice.agent} onChange={(agent) => choose(chatId, { agent })} />
        {options && options.models.length > 0 && (
          <select className="select" aria-label="Model" value={choice.model ?? options.currentModel ?? ''} onChange={(e) => choose(chatId, { model: e.target.value || null })}>
            {!options.currentModel && <option value="">Default model</option>}
            {options.models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        )}
        {options && options.modes.length > 0 && (
          <select className="select" aria-label="Mode" value={choice.mode ?? ''} onChange={(e) => choose(chatId, { mode: e.target.value || null })}>
            <option value="">Current mode</option>
            {options.modes.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        )}
        {choice.agent && <SessionChip agent={choice.agent} sessions={sessions} />}
        {agentInfo && !agentInfo.available && <span className="composer__warn small">{agentInfo.reason ?? 'This agent cannot run here.'}</span>}
        <span className="composer__spacer" />
        {queued > 0 && (
          <span className="badge" data-testid="queued">
            {queued} queued
          </span>
        )}
        {running && (
          <button className="button" onClick={() => void interruptActiveTurn()} title="Stop the running turn — Esc">
            Stop <kbd>Esc</kbd>
          </button>
        )}
        <button className="button button--primary" disabled={!canSend} onClick={() => void sendActiveDraft()} title={`Send — ${MOD}+Enter`}>
          Send <kbd>{MOD}+↵</kbd>
        </button>
      </div>
    </div>
  );
}
