import type { Disposable } from '../../shared/base/disposable';
import { Emitter, type Event } from '../../shared/base/event';

/** Why connections may have gone stale: the machine woke, the screen was unlocked, the network came back, or a timer fired late. */
export type WakeReason = 'resume' | 'unlock' | 'online' | 'timer-gap';

/**
 * "The network may have changed": one event that the edges feed (Electron's power and network
 * events in the app, a timer-gap detector in the CLI and the browser bridge) and the tunnels and
 * terminals heed, by retrying at once instead of waiting out their backoff and checking the
 * connections that look up.
 */
export class WakeSignal implements Disposable {
  private readonly onDidWakeEmitter = new Emitter<WakeReason>();
  readonly onDidWake: Event<WakeReason> = this.onDidWakeEmitter.event;

  fire(reason: WakeReason): void {
    this.onDidWakeEmitter.fire(reason);
  }

  dispose(): void {
    this.onDidWakeEmitter.dispose();
  }
}

export interface TimerGapOptions {
  /** How often the timer is due; default 1 s. */
  intervalMs?: number;
  /** How much later than due a tick may come before it counts as a sleep; default 4 s. */
  toleranceMs?: number;
  now?: () => number;
}

/**
 * Notices that the machine slept, where no power event says so: a timer due every second that
 * fires much later than due means the process was not running meanwhile. A busy event loop
 * delays it too, but only by a moment, well inside the tolerance.
 */
export class TimerGapDetector implements Disposable {
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private readonly now: () => number;
  private last: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly signal: WakeSignal,
    options: TimerGapOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1_000;
    this.toleranceMs = options.toleranceMs ?? 4_000;
    this.now = options.now ?? Date.now;
    this.last = this.now();
  }

  /** Starts the timer; it never keeps the process alive by itself. */
  start(): this {
    this.timer ??= setInterval(() => this.tick(), this.intervalMs).unref();
    return this;
  }

  /** One firing of the timer: fires the signal when it came much later than due. */
  tick(): void {
    const now = this.now();
    const late = now - this.last - this.intervalMs;
    this.last = now;
    if (late > this.toleranceMs) this.signal.fire('timer-gap');
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
