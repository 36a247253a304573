/**
 * An owner for resources that must be released: every process, stream and subscription is
 * added to one, and disposing the owner releases them in reverse order of acquisition.
 */
export type Disposer = () => void | Promise<void>;

export class DisposableStore {
  private readonly disposers: Disposer[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  add(disposer: Disposer): Disposer {
    if (this.disposed) {
      void disposer();
      return disposer;
    }
    this.disposers.push(disposer);
    return disposer;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const disposer of this.disposers.splice(0).reverse()) {
      try {
        await disposer();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'dispose failed');
  }
}
