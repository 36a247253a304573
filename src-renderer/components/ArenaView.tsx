import { useEffect, useState } from 'react';
import type { ContestantSetupPart } from '../../src-preload/contract';
import { arenaActions, isStarting, setupWaitLabel, setupWaits, type ArenaViewState, type ContestantView } from '../state/arena-view';
import { cancelContestant, discardArena, hideArena, pickContestant, replyArenaPermission, replyArenaSetup, restoreContestant, useArenas } from '../store/arena-store';
import type { PartView } from '../state/transcript-reducer';
import { DiffView } from './DiffView';
import { ErrorCallout } from './ErrorCallout';
import { HandoffBlock } from './HandoffBlock';
import { Markdown } from './Markdown';
import { PermissionPrompt } from './PermissionPrompt';
import { ReasoningBlock } from './ReasoningBlock';
import { SetupLog } from './SetupLog';
import { ToolCallView } from './ToolCallView';
import { TurnHeader } from './TurnHeader';
import { describeError } from '../state/describe-error';

const STATUS_TEXT: Record<string, string> = {
  running: 'Contestants are working; the chat’s own turns wait until they are done.',
  done: 'Every contestant is done: pick the one to keep, or discard them all.',
  interrupted: 'BooCoder stopped while this arena ran; what each contestant had done is kept and can still be picked.',
  picked: 'Picked. The other contestants’ work is kept: restore one to bring its files into the chat.',
  discarded: 'Discarded. Every contestant’s work is kept: restore one to bring its files into the chat.',
};

/** What a contestant's setup holds up, or what came of its failure. */
function setupHint(setup: ContestantSetupPart, c: ContestantView): string {
  if (setup.status === 'running') return `The repository’s setup script runs in ${c.agent}’s worktree before it starts.`;
  if (setupWaits(c)) return `${c.agent} waits for your choice; the others go on.`;
  if (setup.afterFailure === 'continued') return `${c.agent} went on without it.`;
  return `${c.agent} did not start.`;
}

function ContestantPart({ part, chatId, arenaId, c, isLast }: { part: PartView; chatId: string; arenaId: string; c: ContestantView; isLast: boolean }) {
  switch (part.kind) {
    case 'setup':
      return (
        <SetupLog
          run={part}
          hint={setupHint(part, c)}
          onChoice={setupWaits(c) ? (choice) => void replyArenaSetup(chatId, arenaId, c.agent, choice) : undefined}
          cancelLabel={`Cancel ${c.agent}`}
        />
      );
    case 'text':
      return <Markdown text={part.text} />;
    case 'reasoning':
      return <ReasoningBlock text={part.text} live={isLast && c.turn.status === 'running'} />;
    case 'handoff':
      return <HandoffBlock text={part.text} fromAgents={part.fromAgents} agent={c.agent} />;
    case 'tool':
      return <ToolCallView tool={part} />;
    case 'permission':
      return <PermissionPrompt part={part} chatId={chatId} turnId={c.turn.id} onAnswer={(requestId, optionId) => void replyArenaPermission(chatId, c.agent, requestId, optionId)} />;
    case 'error':
      return <ErrorCallout error={describeError(Object.assign(new Error(part.message), { name: part.name }))} />;
    case 'arena':
      return null;
  }
}

/** One column: the contestant's stream, then (once it ended) its files against the fork point and their diff. */
function ContestantColumn({ state, c, chatId, pickable, restorable }: { state: ArenaViewState; c: ContestantView; chatId: string; pickable: boolean; restorable: boolean }) {
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    if (!shown || !c.files.some((f) => f.path === shown)) setShown(c.files[0]?.path ?? null);
  }, [c.files, shown]);
  const file = c.files.find((f) => f.path === shown);
  const live = c.turn.status === 'running' || c.turn.status === 'queued';
  const picked = state.arena.pickedAgent === c.agent;
  const added = c.files.reduce((n, f) => n + f.additions, 0);
  const removed = c.files.reduce((n, f) => n + f.deletions, 0);
  return (
    <section className={`arena-col${picked ? ' arena-col--picked' : ''}`} aria-label={`Contestant ${c.agent}`} data-agent={c.agent} data-status={c.turn.status}>
      <TurnHeader turn={c.turn} waitingFor={setupWaitLabel(c)} />
      <div className="arena-col__stream">
        {c.turn.parts.map((p, i) => (
          <ContestantPart key={i} part={p} chatId={chatId} arenaId={state.arena.id} c={c} isLast={i === c.turn.parts.length - 1} />
        ))}
        {isStarting(c) && <div className="muted small">Starting {c.agent}…</div>}
      </div>
      {!live && (
        <div className="arena-col__changes" data-testid="arena-files">
          <div className="small">
            {c.files.length === 0 ? (
              <span className="muted">No files changed</span>
            ) : (
              <>
                {c.files.length} file{c.files.length === 1 ? '' : 's'} · <span className="plus">+{added}</span> <span className="minus">−{removed}</span>
              </>
            )}
          </div>
          {c.files.length > 0 && (
            <ul className="arena-col__files">
              {c.files.map((f) => (
                <li key={f.path}>
                  <button className={`arena-file${f.path === shown ? ' arena-file--active' : ''}`} onClick={() => setShown(f.path)}>
                    <code>{f.path}</code> <span className="plus">+{f.additions}</span> <span className="minus">−{f.deletions}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {file && (file.binary ? <div className="muted small">Binary file</div> : <DiffView diff={file.diff} />)}
          {c.archivedRef && !picked && state.arena.status !== 'running' && state.arena.status !== 'done' && state.arena.status !== 'interrupted' && (
            <div className="muted small" title="git worktree add <folder> <ref> brings it back">
              Kept under <code>{c.archivedRef}</code>
            </div>
          )}
        </div>
      )}
      <footer className="arena-col__actions">
        {live && (
          <button className="button" onClick={() => void cancelContestant(chatId, state.arena.id, c.agent)}>
            Cancel
          </button>
        )}
        {pickable && (
          <button className="button button--primary" onClick={() => void pickContestant(chatId, state.arena.id, c.agent)}>
            Pick {c.agent}
          </button>
        )}
        {restorable && (
          <button className="button" title="Its files land in the chat as its turn, pending like any other" onClick={() => void restoreContestant(chatId, state.arena.id, c.agent)}>
            Restore {c.agent}
          </button>
        )}
        {picked && <span className="badge">picked</span>}
        {c.restoredTurnId && <span className="badge">restored</span>}
      </footer>
    </section>
  );
}

/** An arena: the prompt, the contestants side by side as they stream, and cancel, pick or discard. */
export function ArenaView({ chatId, state }: { chatId: string; state: ArenaViewState }) {
  const actions = arenaActions(state);
  const error = useArenas((s) => s.actionError[chatId] ?? null);
  const atRisk = useArenas((s) => s.atRisk[chatId] ?? null);
  return (
    <section className="arena" aria-label="Arena" data-arena-id={state.arena.id} data-status={state.arena.status}>
      <header className="arena__head">
        <div className="arena__title">
          <span className="badge">Arena</span> <span className="arena__prompt">{state.arena.prompt}</span>
        </div>
        <div className="arena__buttons">
          {actions.cancelAll && (
            <button className="button" onClick={() => void cancelContestant(chatId, state.arena.id)}>
              Cancel all
            </button>
          )}
          {actions.discard && (
            <button className="button button--danger-ghost" onClick={() => void discardArena(chatId, state.arena.id)}>
              Discard all
            </button>
          )}
          <button className="button button--ghost" onClick={() => hideArena(chatId)}>
            Back to chat
          </button>
        </div>
      </header>
      <div className="arena__status small muted">{STATUS_TEXT[state.arena.status]}</div>
      {error && <ErrorCallout error={error} />}
      {atRisk && (
        <div className="arena__risk" role="alertdialog" aria-label="Discard the arena?">
          <div className="small">{atRisk}</div>
          <div className="arena__risk-buttons">
            <button className="button button--danger" onClick={() => void discardArena(chatId, state.arena.id, true)}>
              Discard anyway
            </button>
            <button className="button" onClick={() => useArenas.setState((s) => ({ atRisk: { ...s.atRisk, [chatId]: null } }))}>
              Keep it
            </button>
          </div>
        </div>
      )}
      <div className="arena__grid" style={{ gridTemplateColumns: `repeat(${state.contestants.length}, minmax(280px, 1fr))` }}>
        {state.contestants.map((c) => (
          <ContestantColumn key={c.agent} state={state} c={c} chatId={chatId} pickable={actions.pickable.has(c.agent)} restorable={actions.restorable.has(c.agent)} />
        ))}
      </div>
    </section>
  );
}
