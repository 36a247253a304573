import { useEffect } from 'react';
import { replyText } from '../../src-preload/contract';
import { costText, formatDuration, formatTokens } from '../state/format';
import type { TurnView } from '../state/transcript-reducer';
import { useNow } from '../hooks/useNow';
import { ensureOptions, optionsKey, useAgents } from '../store/agents-store';
import { ContextMeter } from './ContextMeter';
import { CopyButton } from './CopyButton';

const STOP_LABEL: Record<string, string> = {
  end_turn: 'done',
  cancelled: 'cancelled',
  error: 'error',
  max_tokens: 'hit the token limit',
  max_turn_requests: 'hit the request limit',
  refusal: 'refused',
  interrupted: 'interrupted',
};

/**
 * Who answered and how it went: agent, the model that ran, stop reason, duration, tokens, cost
 * and context fill. `waitingFor` names what a turn that has not started waits for, where the
 * caller knows better than "starting" (an arena contestant's setup script).
 */
export function TurnHeader({ turn, waitingFor = null }: { turn: TurnView; waitingFor?: string | null }) {
  const live = turn.endedAt === null && (turn.status === 'running' || turn.status === 'queued');
  const now = useNow(live ? 1000 : null);
  const duration = (turn.endedAt ?? now) - turn.startedAt;
  const u = turn.usage;
  const tokens = u.inputTokens + u.outputTokens + u.reasoningTokens;
  // The agent reports the model by id (qwen: "$runtime|openai|mock-model(openai)"); its options give the name people know.
  const modelName = useAgents((s) => (turn.model ? s.options[optionsKey(turn.chatId, turn.agent)]?.models.find((m) => m.id === turn.model)?.name : undefined));
  // A turn of an agent the composer has not picked (an earlier agent, an arena contestant) asks for them itself.
  useEffect(() => {
    if (turn.model) ensureOptions(turn.agent, turn.chatId, turn.model);
  }, [turn.model, turn.agent, turn.chatId]);
  return (
    <div className="turn-header small">
      <span className="agent-badge" data-agent={turn.agent}>
        {turn.agent}
      </span>
      {turn.model && (
        <span className="muted turn-header__model" data-testid="turn-model" title={`Model: ${turn.model}`}>
          {modelName ?? turn.model}
        </span>
      )}
      {turn.sessionMode && <span className="muted">session {turn.sessionMode}</span>}
      <span className="turn-header__spacer" />
      {turn.status === 'queued' && <span className="badge">{turn.queuedPosition !== null ? `queued · ${turn.queuedPosition} ahead` : (waitingFor ?? 'starting')}</span>}
      {turn.status === 'running' && <span className="badge badge--live">working</span>}
      {turn.stopReason &&
        // A normal end is the quiet default; anything else stands out.
        (turn.stopReason === 'end_turn' ? (
          <span className="muted" data-stop-reason={turn.stopReason}>
            {STOP_LABEL.end_turn}
          </span>
        ) : (
          <span className={`badge badge--stop-${turn.stopReason}`} data-stop-reason={turn.stopReason}>
            {STOP_LABEL[turn.stopReason] ?? turn.stopReason}
          </span>
        ))}
      {turn.status !== 'queued' && (turn.endedAt !== null || duration >= 1000) && <span className="muted">{formatDuration(duration)}</span>}
      {tokens > 0 && (
        <span className="muted" title={`in ${u.inputTokens} · out ${u.outputTokens} · reasoning ${u.reasoningTokens} · cache read ${u.cacheReadTokens} · cache write ${u.cacheWriteTokens}`}>
          {formatTokens(u.inputTokens)} in · {formatTokens(u.outputTokens)} out · <span data-cost-reported={turn.costReported ? '1' : '0'}>{costText(u.cost, turn.costReported)}</span>
        </span>
      )}
      <ContextMeter context={turn.context} />
      {turn.endedAt !== null && turn.parts.some((p) => p.kind === 'text') && <CopyButton className="turn-header__copy" title="Copy the reply (markdown)" text={() => replyText(turn.parts)} />}
    </div>
  );
}
