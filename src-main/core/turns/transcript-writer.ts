import type { TurnPart } from '../../../src-preload/contract';
import type { TurnsStore } from '../store/turns-store';

/** How soon a failed write is retried. */
const RETRY_MS = 1000;
/** Failed writes in a row after which retrying stops (the next restart marks the turn interrupted). */
const MAX_RETRIES = 300;

/**
 * Persists a streaming turn's parts in small batches: changed parts are written at most every
 * `intervalMs`, so a crash loses at most that fraction of a second, never earlier text.
 */
export class TranscriptWriter {
  private readonly dirty = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(
    private readonly turns: Pick<TurnsStore, 'writeParts'>,
    private readonly turnId: string,
    readonly parts: TurnPart[],
    private readonly intervalMs = 200,
  ) {}

  markDirty(indexes: number[]): void {
    if (indexes.length === 0) return;
    for (const i of indexes) this.dirty.add(i);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /**
   * Writes the changed parts. Never throws: when the database is locked or full the parts stay
   * dirty and are retried a little later, so the stream goes on and nothing already in memory is
   * dropped. Returns whether everything is written.
   */
  flush(): boolean {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.dirty.size === 0) return true;
    const indexes = [...this.dirty].sort((a, b) => a - b);
    try {
      this.turns.writeParts(
        this.turnId,
        indexes.map((idx) => ({ idx, part: this.parts[idx]! })),
      );
      for (const i of indexes) this.dirty.delete(i);
      this.failures = 0;
      return true;
    } catch {
      if (++this.failures <= MAX_RETRIES) {
        this.timer = setTimeout(() => this.flush(), Math.max(this.intervalMs, RETRY_MS));
        // A retry must not keep a quitting process alive.
        this.timer.unref();
      }
      return false;
    }
  }

  /** Stops retrying (the turn's row is being given up on). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
