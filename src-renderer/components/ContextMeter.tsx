import type { ContextFill } from '../../src-preload/contract';
import { contextView } from '../state/context-fill';

/** How full the agent's context window is: a small bar and "42k / 200k"; nothing when unknown. */
export function ContextMeter({ context }: { context: ContextFill | null }) {
  const v = contextView(context);
  if (!v) return null;
  return (
    <span className={`context-meter context-meter--${v.level}`} title={v.title} data-testid="context-meter">
      {v.ratio !== null && (
        <span className="context-meter__bar" aria-hidden>
          <span className="context-meter__fill" style={{ width: `${Math.max(2, v.ratio * 100)}%` }} />
        </span>
      )}
      <span className="context-meter__label">{v.label}</span>
    </span>
  );
}
