import { Emitter, type Event } from '../../../shared/base/event';
import { AppError } from '../../../shared/errors';

/** Cancel and pause for one job; workers check it between requests. */
export class TransferControl {
  private readonly abort = new AbortController();
  private pauseGate: Promise<void> | undefined;
  private resumeGate: (() => void) | undefined;
  private isInterrupted = false;
  private failure: AppError | undefined;
  private stoppedPromise: Promise<never> | undefined;
  private readonly pauseEmitter = new Emitter<boolean>();
  /** True on pause, false on resume: for work this control cannot gate itself (a transfer worker thread). */
  readonly onDidChangePause: Event<boolean> = this.pauseEmitter.event;

  get isCancelled(): boolean {
    return this.abort.signal.aborted;
  }

  get isPaused(): boolean {
    return this.pauseGate !== undefined;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  cancel(): void {
    this.abort.abort();
    this.resume();
  }

  /**
   * Stops like cancel, but what was copied so far stays under its temporary name (cut back to
   * the written prefix), for a later run with --resume: Ctrl+C in `jumpgate cp`.
   */
  interrupt(): void {
    this.isInterrupted = true;
    this.cancel();
  }

  /**
   * Stops the job with `error` instead of a cancel (its connection is gone): a paused job fails
   * too rather than wait forever, and what was copied is kept for a retry.
   */
  fail(error: AppError): void {
    this.failure ??= error;
    this.cancel();
  }

  pause(): void {
    if (this.pauseGate || this.isCancelled) return;
    this.pauseGate = new Promise((resolve) => (this.resumeGate = resolve));
    this.pauseEmitter.fire(true);
  }

  resume(): void {
    const open = this.resumeGate;
    this.pauseGate = undefined;
    this.resumeGate = undefined;
    if (!open) return;
    open();
    this.pauseEmitter.fire(false);
  }

  /** Waits while paused; throws SFTP_CANCELLED once cancelled. */
  async checkpoint(): Promise<void> {
    if (this.pauseGate) await this.pauseGate;
    if (this.isCancelled) throw this.stopError();
  }

  /**
   * Rejects as checkpoint would, the moment the job is cancelled: a request to a server that
   * stopped answering must not hold a cancel or Ctrl+C back.
   */
  get stopped(): Promise<never> {
    this.stoppedPromise ??= new Promise<never>((_, reject) => {
      const fail = () => reject(this.stopError());
      if (this.isCancelled) fail();
      else this.abort.signal.addEventListener('abort', fail, { once: true });
    });
    this.stoppedPromise.catch(() => undefined);
    return this.stoppedPromise;
  }

  private stopError(): AppError {
    if (this.failure) return this.failure;
    if (this.isInterrupted) {
      return new AppError(
        'SFTP_CANCELLED',
        'The transfer was interrupted; nothing was left at the destination name, and what was copied is kept under a temporary name to continue from.',
        { details: { keepsPartial: true }, hint: { kind: 'resume-copy' } },
      );
    }
    return new AppError('SFTP_CANCELLED', 'The transfer was cancelled; nothing was left at the destination name.');
  }
}
