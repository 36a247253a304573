import { memo } from 'react';
import { describeError } from '../state/describe-error';
import type { PartView, TurnView } from '../state/transcript-reducer';
import { showArena } from '../store/arena-store';
import { useSetup } from '../store/setup-store';
import { ErrorCallout } from './ErrorCallout';
import { HandoffBlock } from './HandoffBlock';
import { Markdown } from './Markdown';
import { PermissionPrompt } from './PermissionPrompt';
import { ReasoningBlock } from './ReasoningBlock';
import { RetryTurn } from './RetryTurn';
import { ToolCallView } from './ToolCallView';
import { TurnAttachments } from './TurnAttachments';
import { TurnHeader } from './TurnHeader';

const namedError = (name: string, message: string) => describeError(Object.assign(new Error(message), { name }));

function Part({ part, turn, isLast }: { part: PartView; turn: TurnView; isLast: boolean }) {
  switch (part.kind) {
    case 'text':
      return <Markdown text={part.text} />;
    case 'reasoning':
      return <ReasoningBlock text={part.text} live={isLast && turn.status === 'running'} />;
    case 'handoff':
      return <HandoffBlock text={part.text} fromAgents={part.fromAgents} agent={turn.agent} />;
    case 'tool':
      return <ToolCallView tool={part} />;
    case 'permission':
      return <PermissionPrompt part={part} chatId={turn.chatId} turnId={turn.id} />;
    case 'error':
      return <ErrorCallout error={namedError(part.name, part.message)} actions={isLast && <RetryTurn turn={turn} />} />;
    case 'arena':
      return (
        <div className="arena-win small" data-testid="arena-win">
          {part.restored ? `Restored from an arena against ${part.others.join(', ')}` : `Arena win: picked over ${part.others.join(', ')}`}{' '}
          <button className="link-button" onClick={() => void showArena(turn.chatId, part.arenaId)}>
            View arena
          </button>
        </div>
      );
  }
}

function waitingText(turn: TurnView): string {
  if (turn.status === 'queued' && turn.queuedPosition !== null) return 'Queued: it starts when the chat’s current turn ends…';
  return turn.status === 'queued' ? 'Starting the agent…' : 'Waiting for the agent…';
}

/** One turn: the user's prompt, then the agent's reply part by part under its label. */
export const TurnRow = memo(function TurnRow({ turn }: { turn: TurnView }) {
  const waiting = turn.parts.length === 0 && (turn.status === 'running' || turn.status === 'queued');
  // A new worktree's setup script runs before the agent gets this turn.
  const setup = useSetup((s) => {
    const state = s.byChat[turn.chatId];
    return state && state.turnId === turn.id && state.status !== 'succeeded' ? state.status : null;
  });
  return (
    <article className="turn" data-turn-id={turn.id} data-status={turn.status}>
      {turn.prompt && (
        <div className="turn__prompt">
          <div className="turn__prompt-text">{turn.prompt}</div>
          <TurnAttachments list={turn.attachments} />
        </div>
      )}
      <div className="turn__reply">
        <TurnHeader turn={turn} />
        {waiting && <div className="turn__waiting muted">{setup === 'running' ? 'Running the repository’s setup script first…' : setup === 'failed' ? 'The setup script failed: choose below whether to retry, continue or cancel.' : waitingText(turn)}</div>}
        {turn.parts.map((p, i) => (
          <Part key={i} part={p} turn={turn} isLast={i === turn.parts.length - 1} />
        ))}
        {turn.status === 'cancelled' && turn.parts.length === 0 && <div className="muted small">Cancelled before the agent answered.</div>}
      </div>
    </article>
  );
});
