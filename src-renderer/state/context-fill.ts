import type { ContextFill } from '../../src-preload/contract';
import { formatTokens } from './format';

/** How a context window's fill reads: "42k / 200k", the fraction for a bar, and how worried to look. */
export interface ContextView {
  label: string;
  /** 0..1, null when the agent did not say how big its window is. */
  ratio: number | null;
  level: 'ok' | 'high' | 'full';
  title: string;
}

/** From 80% the agent is close to compacting or forgetting; from 95% it is about to. */
const HIGH = 0.8;
const FULL = 0.95;

export function contextView(ctx: ContextFill | null): ContextView | null {
  if (!ctx) return null;
  if (ctx.size <= 0) return { label: `${formatTokens(ctx.used)} in context`, ratio: null, level: 'ok', title: `${ctx.used.toLocaleString('en')} tokens in the context window` };
  const ratio = Math.min(1, ctx.used / ctx.size);
  const pct = Math.round((ctx.used / ctx.size) * 100);
  return {
    label: `${formatTokens(ctx.used)} / ${formatTokens(ctx.size)}`,
    ratio,
    level: ratio >= FULL ? 'full' : ratio >= HIGH ? 'high' : 'ok',
    title: `Context window: ${ctx.used.toLocaleString('en')} of ${ctx.size.toLocaleString('en')} tokens (${pct}%)`,
  };
}
