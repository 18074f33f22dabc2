import type { Disposable } from '../../shared/base/disposable';

export interface StatusThrottleOptions<T> {
  /** At most one value per this period, unless it is urgent. */
  intervalMs: number;
  /** Whether `next` must go out at once (a change of state), given the last value sent. */
  isUrgent: (last: T | undefined, next: T) => boolean;
  emit: (value: T) => void;
}

/**
 * Passes on a stream of statuses without flooding whoever listens: a change that matters goes
 * out at once, counters at most once per interval, and the latest value always goes out in the
 * end (a trailing send), so a listener never stays on a stale count.
 */
export class StatusThrottle<T> implements Disposable {
  private last: T | undefined;
  private lastAt = Number.NEGATIVE_INFINITY;
  private pending: { value: T } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: StatusThrottleOptions<T>) {}

  push(value: T): void {
    const now = Date.now();
    if (this.options.isUrgent(this.last, value) || now - this.lastAt >= this.options.intervalMs) {
      this.send(value, now);
      return;
    }
    this.pending = { value };
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (this.pending) this.send(this.pending.value, Date.now());
      },
      this.lastAt + this.options.intervalMs - now,
    );
    this.timer.unref();
  }

  /** Drops a pending value; nothing is sent after this. */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private send(value: T, now: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    this.last = value;
    this.lastAt = now;
    this.options.emit(value);
  }
}
