/**
 * A benchmark file in bench/ (named `*.bench.ts`) default-exports a Benchmark. `npm run bench`
 * runs them one after another and prints every row in one table. Speed targets are ratios
 * measured side by side in the same run, never absolute times.
 */
export interface BenchRow {
  /** What was measured, e.g. "warm turn vs cold turn (opencode)". */
  name: string;
  /** The measured value of the thing under test (median). */
  value: number;
  unit: 'ms' | 'MB' | 'events/s' | 'x' | 'count';
  /** The side-by-side baseline in the same unit, when the goal is a ratio. */
  baseline?: number;
  /** value / baseline (or baseline / value when `higherIsBetter`), computed by the bench. */
  ratio?: number;
  /** The goal, in words, e.g. "≥ 10×" or "≤ 1.5×". */
  goal?: string;
  /** Whether the goal was met in this run. */
  met?: boolean;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchRow[]>;
}
