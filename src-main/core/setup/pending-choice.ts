/**
 * A question that waits for the user's answer: a failed setup script's retry / continue / cancel.
 * At most one is open at a time; answering it when none is open tells the caller so, and the
 * question is given up (with the `onAbort` answer) when its signal aborts.
 */
export class PendingChoice<T> {
  private answer: ((value: T) => void) | null = null;

  get waiting(): boolean {
    return this.answer !== null;
  }

  ask(signal: AbortSignal, onAbort: T): Promise<T> {
    return new Promise<T>((resolve) => {
      const settle = (value: T) => {
        this.answer = null;
        signal.removeEventListener('abort', aborted);
        resolve(value);
      };
      const aborted = () => settle(onAbort);
      if (signal.aborted) return settle(onAbort);
      this.answer = settle;
      signal.addEventListener('abort', aborted, { once: true });
    });
  }

  /** false when nothing is asked. */
  reply(value: T): boolean {
    if (!this.answer) return false;
    this.answer(value);
    return true;
  }
}
