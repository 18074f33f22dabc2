/**
 * One window's calls still under way, each with the AbortController behind its CallContext
 * signal: a transport aborts one on a cancel frame, and all of them when the window is gone.
 */
export class PendingCalls {
  private readonly calls = new Map<number, AbortController>();

  /** Runs call `id` with a signal that aborts on `cancel(id)` or `cancelAll()`, until it answers. */
  async track<T>(id: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.calls.set(id, controller);
    try {
      return await work(controller.signal);
    } finally {
      // Unless a newer call took its id meanwhile.
      if (this.calls.get(id) === controller) this.calls.delete(id);
    }
  }

  /** A cancel for a call that already answered is not an error: the answer and the cancel crossed. */
  cancel(id: number): void {
    const controller = this.calls.get(id);
    this.calls.delete(id);
    controller?.abort();
  }

  cancelAll(): void {
    const controllers = [...this.calls.values()];
    this.calls.clear();
    for (const controller of controllers) controller.abort();
  }

  get size(): number {
    return this.calls.size;
  }
}
