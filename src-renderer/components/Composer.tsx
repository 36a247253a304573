import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useComposerCompletion } from '../hooks/useComposerCompletion';
import { usePrewarmWhileTyping } from '../hooks/usePrewarmWhileTyping';
import { pickerFor, shownOptions } from '../state/agent-options';
import { sendBlockers } from '../state/attachments';
import { promptHistory, stepRecall, type PromptRecall } from '../state/prompt-recall';
import { activeTurnId, queuedCount } from '../state/chat-transcript';
import { choiceFor, choose, loadOptions, optionsKey, selectSessions, useAgents } from '../store/agents-store';
import { attachImages, interruptActiveTurn, removeAttachment, selectAttachments, sendActiveDraft, setDraft, useComposer } from '../store/composer-store';
import { useFind } from '../store/find-store';
import { selectPrewarm, usePrewarm } from '../store/prewarm-store';
import { selectTranscript, useTranscripts } from '../store/transcript-store';
import { AgentPicker } from './AgentPicker';
import { ArenaLauncher } from './ArenaLauncher';
import { AttachmentChips } from './AttachmentChips';
import { CompletionPopup } from './CompletionPopup';
import { Icon } from './Icon';
import { OptionPicker } from './OptionPicker';
import { PrewarmBadge } from './PrewarmBadge';
import { SessionChip } from './SessionChip';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';
const NO_COMMANDS: never[] = [];

/**
 * The prompt box: agent, model and mode, the session chip, attachments (attached, pasted or
 * dropped), `/` commands and `@` files, earlier prompts (↑/↓), send (Ctrl/Cmd+Enter) and stop
 * (Esc).
 */
export function Composer({ chatId }: { chatId: string }) {
  const agents = useAgents((s) => s.agents);
  const choice = useAgents(useShallow((s) => choiceFor(s, chatId)));
  const options = useAgents((s) => shownOptions(choice.agent ? s.options[optionsKey(chatId, choice.agent)] : undefined));
  const sessions = useAgents(selectSessions(chatId));
  const live = sessions.some((x) => x.agent === choice.agent && x.live);
  const draft = useComposer((s) => s.drafts[chatId] ?? '');
  const attachments = useComposer(selectAttachments(chatId));
  const sending = useComposer((s) => s.sending);
  const transcript = useTranscripts(selectTranscript(chatId));
  const running = activeTurnId(transcript) !== null;
  const queued = queuedCount(transcript);
  const box = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [caret, setCaret] = useState(0);
  const [focused, setFocused] = useState(false);
  const pendingCaret = useRef<number | null>(null);
  const [recall, setRecall] = useState<PromptRecall>(null);
  const [dropping, setDropping] = useState(false);

  useEffect(() => {
    if (choice.agent) void loadOptions(choice.agent, chatId);
  }, [choice.agent, chatId, live]);
  useEffect(() => {
    box.current?.focus();
    setRecall(null);
  }, [chatId]);
  // Closing find in the chat gives the prompt its focus back.
  const findOpen = useFind((s) => s.open);
  useEffect(() => {
    if (!findOpen) box.current?.focus();
  }, [findOpen]);
  // A completion rewrote the text: the caret goes after what it inserted once React has written it.
  useLayoutEffect(() => {
    const at = pendingCaret.current;
    if (at === null || !box.current) return;
    pendingCaret.current = null;
    box.current.setSelectionRange(at, at);
  }, [draft]);

  const { completion, onKeyDown } = useComposerCompletion(chatId, draft, caret, focused, options?.commands ?? NO_COMMANDS, (text, at) => {
    pendingCaret.current = at;
    setCaret(at);
    setDraft(chatId, text);
  });

  const agentInfo = agents.find((a) => a.id === choice.agent);
  const agentName = agentInfo?.name ?? choice.agent ?? 'The agent';
  usePrewarmWhileTyping(chatId, choice.agent, !!agentInfo?.available, draft);
  const prewarmStatus = usePrewarm(selectPrewarm(chatId, choice.agent));
  const caps = options?.promptCapabilities ?? null;
  const blockers = sendBlockers(attachments, caps, agentName);
  const canSend = !!draft.trim() && !!agentInfo?.available && !sending && blockers.length === 0;
  const noteCaret = (el: HTMLTextAreaElement) => setCaret(el.selectionStart);
  return (
    <div className="composer">
      <AttachmentChips list={attachments} caps={caps} agentName={agentName} onRemove={(id) => removeAttachment(chatId, id)} />
      <div
        className={`composer__field${dropping ? ' composer__field--drop' : ''}`}
        onDragOver={(e) => {
          if (!e.dataTransfer.types.includes('Files')) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setDropping(true);
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
        }}
        onDrop={(e) => {
          setDropping(false);
          if (e.dataTransfer.files.length === 0) return;
          // Dropped files become chips like pasted ones; one the agent cannot take says why on its chip.
          e.preventDefault();
          void attachImages(chatId, [...e.dataTransfer.files]);
        }}
      >
        {completion && (
          <CompletionPopup
            id={completion.id}
            title={completion.title}
            items={completion.items}
            active={completion.active}
            empty={completion.empty}
            onPick={completion.pick}
            onHover={completion.hover}
          />
        )}
        <textarea
          ref={box}
          className="composer__input"
          aria-label="Prompt"
          aria-controls={completion?.items.length ? completion.id : undefined}
          aria-activedescendant={completion?.items.length ? `${completion.id}-${completion.active}` : undefined}
          placeholder={agentInfo ? `Ask ${agentInfo.name}…  (${MOD}+Enter to send${options?.commands.length ? ', / for commands' : ''}, @ for files)` : 'Choose an agent below'}
          value={draft}
          rows={3}
          onChange={(e) => {
            setDraft(chatId, e.target.value);
            noteCaret(e.target);
          }}
          onSelect={(e) => noteCaret(e.currentTarget)}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onKeyDown={(e) => {
            if (onKeyDown(e)) return;
            if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
              const el = e.currentTarget;
              const step = stepRecall(promptHistory(transcript.turns), recall, draft, {
                direction: e.key === 'ArrowUp' ? 'older' : 'newer',
                caretOnFirstLine: !el.value.slice(0, el.selectionStart).includes('\n'),
                caretOnLastLine: !el.value.slice(el.selectionEnd).includes('\n'),
              });
              if (!step) return;
              e.preventDefault();
              const at = step.caret === 'start' ? 0 : step.draft.length;
              pendingCaret.current = at;
              setCaret(at);
              setRecall(step.recall);
              setDraft(chatId, step.draft);
              return;
            }
            if (e.key === 'Escape' && running) {
              e.preventDefault();
              void interruptActiveTurn();
            }
          }}
          onPaste={(e) => {
            const images = [...e.clipboardData.files].filter((f) => f.type.startsWith('image/'));
            // Office apps put a picture of the cells next to their text: the text is what was meant.
            if (images.length === 0 || e.clipboardData.types.includes('text/plain')) return;
            e.preventDefault();
            void attachImages(chatId, images);
          }}
        />
      </div>
      <div className="composer__bar">
        <input
          ref={fileInput}
          type="file"
          accept="image/*"
          multiple
          hidden
          data-testid="attach-input"
          onChange={(e) => {
            void attachImages(chatId, [...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
        <button className="button button--ghost composer__attach" aria-label="Attach an image" title="Attach an image (or paste one into the prompt)" onClick={() => fileInput.current?.click()}>
          <Icon name="paperclip" size={15} />
        </button>
        {/* The pickers narrow before Arena and Send wrap to a line of their own. */}
        <span className="composer__pickers">
          <AgentPicker agents={agents} value={choice.agent} onChange={(agent) => choose(chatId, { agent })} />
          <OptionPicker label="Model" picker={options && pickerFor(options.models, choice.model, options.currentModel, 'Default model')} onChange={(model) => choose(chatId, { model })} />
          <OptionPicker label="Mode" picker={options && pickerFor(options.modes, choice.mode, options.currentMode, 'Current mode')} onChange={(mode) => choose(chatId, { mode })} />
        </span>
        {choice.agent && <SessionChip agent={choice.agent} sessions={sessions} />}
        {!running && <PrewarmBadge status={prewarmStatus} agentName={agentName} />}
        {agentInfo && !agentInfo.available && <span className="composer__warn small">{agentInfo.reason ?? 'This agent cannot run here.'}</span>}
        {/* One group, so that on a narrow bar Send wraps with Arena and stays at the right. */}
        <span className="composer__actions">
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
          <ArenaLauncher chatId={chatId} agents={agents} draft={draft} current={choice.agent} />
          <button className="button button--primary" disabled={!canSend} onClick={() => void sendActiveDraft()} title={blockers.length ? `Remove first — ${blockers.join('; ')}` : `Send — ${MOD}+Enter`}>
            Send <kbd>{MOD}+↵</kbd>
          </button>
        </span>
      </div>
    </div>
  );
}
