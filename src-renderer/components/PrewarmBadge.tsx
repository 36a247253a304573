import type { PrewarmStatus } from '../../src-preload/contract';

/**
 * What the composer knows of its agent before the first turn: warming up, ready, or why it could
 * not be prepared — so a start failure is seen before the user sends, not after.
 */
export function PrewarmBadge({ status, agentName }: { status: PrewarmStatus | undefined; agentName: string }) {
  if (!status || status.state === 'cancelled') return null;
  const common = { 'data-testid': 'prewarm', 'data-state': status.state } as const;
  switch (status.state) {
    case 'warming':
      return (
        <span className="prewarm prewarm--warming small" {...common} title={`Starting ${agentName} and its session in the background`}>
          <span className="prewarm__dot" />
          Warming up…
        </span>
      );
    case 'ready':
      return (
        <span className="prewarm prewarm--ready small" {...common} title={`${agentName} is running and its session is open: the first turn starts at once`}>
          <span className="prewarm__dot" />
          Ready
        </span>
      );
    case 'skipped':
      return (
        <span className="prewarm prewarm--skipped small" {...common} title={`Not prepared ahead: ${status.reason ?? 'no room'}. It starts when you send.`}>
          Starts on send
        </span>
      );
    case 'failed':
      return (
        <span className="prewarm prewarm--failed small" role="alert" {...common} title={status.error?.message}>
          <span className="prewarm__dot" />
          {agentName} could not start: {status.error?.message ?? 'unknown error'}
        </span>
      );
  }
}
