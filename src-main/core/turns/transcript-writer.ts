import type { TurnPart } from '../../../src-preload/contract';
import type { TurnsStore } from '../store/turns-store';

/**
 * Persists a streaming turn's parts in small batches: changed parts are written at most every
 * `intervalMs`, so a crash loses at most that fraction of a second, never earlier text.
 */
export class TranscriptWriter {
  private readonly dirty = new Set<number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly turns: TurnsStore,
    private readonly turnId: string,
    readonly parts: TurnPart[],
    private readonly intervalMs = 200,
  ) {}

  markDirty(indexes: number[]): void {
    if (indexes.length === 0) return;
    for (const i of indexes) this.dirty.add(i);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.dirty.size === 0) return;
    const batch = [...this.dirty].sort((a, b) => a - b).map((idx) => ({ idx, part: this.parts[idx]! }));
    this.dirty.clear();
    this.turns.writeParts(this.turnId, batch);
  }
}
