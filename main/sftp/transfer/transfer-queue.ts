import type { Disposable } from '../../../shared/base/disposable';
import { Emitter, type Event } from '../../../shared/base/event';
import { type AppError, toAppError } from '../../../shared/errors';
import { TransferControl } from './transfer-control';
import { runTransfer, type TransferResult, type TransferSpec } from './transfer-job';
import type { TransferProgress } from './transfer-progress';

export type JobState = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

export function isFinal(state: JobState): boolean {
  return state === 'done' || state === 'failed' || state === 'cancelled';
}

export interface JobStatus {
  id: number;
  state: JobState;
  progress: TransferProgress | undefined;
  result?: TransferResult;
  error?: AppError;
}

interface Job {
  id: number;
  spec: TransferSpec;
  priority: number;
  status: JobStatus;
  /** runTransfer was called: a cancel then ends it through its control, not at once. */
  isStarted: boolean;
  control: TransferControl;
  done: Promise<JobStatus>;
  settle: (status: JobStatus) => void;
}

/**
 * Transfer jobs with a concurrency limit and priorities (higher first, then first come);
 * each can be paused, resumed or cancelled. Progress and state changes are events.
 */
export class TransferQueue implements Disposable {
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private running = 0;
  private readonly onProgressEmitter = new Emitter<JobStatus>();
  private readonly onStateEmitter = new Emitter<JobStatus>();
  readonly onProgress: Event<JobStatus> = this.onProgressEmitter.event;
  readonly onDidChangeState: Event<JobStatus> = this.onStateEmitter.event;

  constructor(private readonly concurrency = 2) {}

  /** Queues a job; `done` resolves with its final status (it never rejects). */
  add(spec: TransferSpec, { priority = 0 } = {}): { id: number; done: Promise<JobStatus> } {
    return this.enqueue(this.nextId++, spec, priority);
  }

  private enqueue(id: number, spec: TransferSpec, priority: number): { id: number; done: Promise<JobStatus> } {
    let settle!: (status: JobStatus) => void;
    const done = new Promise<JobStatus>((resolve) => (settle = resolve));
    const job: Job = {
      id,
      spec,
      priority,
      status: { id, state: 'queued', progress: undefined },
      isStarted: false,
      control: new TransferControl(),
      done,
      settle,
    };
    this.jobs.set(id, job);
    this.onStateEmitter.fire({ ...job.status });
    this.pump();
    return { id, done };
  }

  status(id: number): JobStatus | undefined {
    const job = this.jobs.get(id);
    return job && { ...job.status };
  }

  /** Sums over every job that is not finished. */
  get total(): TransferProgress {
    const sum: TransferProgress = { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0, filesSkipped: 0, rate: 0, etaSeconds: undefined };
    for (const job of this.jobs.values()) {
      const p = job.status.progress;
      if (!p || !['running', 'paused', 'queued'].includes(job.status.state)) continue;
      sum.bytesDone += p.bytesDone;
      sum.bytesTotal += p.bytesTotal;
      sum.filesDone += p.filesDone;
      sum.filesTotal += p.filesTotal;
      sum.filesSkipped += p.filesSkipped;
      sum.rate += p.rate;
    }
    sum.etaSeconds = sum.rate > 0 ? (sum.bytesTotal - sum.bytesDone) / sum.rate : undefined;
    return sum;
  }

  pause(id: number): void {
    const job = this.jobs.get(id);
    if (!job || !['queued', 'running'].includes(job.status.state)) return;
    job.control.pause();
    this.setState(job, 'paused');
  }

  resume(id: number): void {
    const job = this.jobs.get(id);
    if (!job || job.status.state !== 'paused') return;
    job.control.resume();
    this.setState(job, job.isStarted ? 'running' : 'queued');
    this.pump();
  }

  /**
   * Queues a failed or cancelled job again under the same id, resuming from what it already
   * wrote; `changes` swaps in what a reconnect produced (new sessions for src, dst and peers).
   */
  retry(id: number, changes: Partial<TransferSpec> = {}): { id: number; done: Promise<JobStatus> } | undefined {
    const job = this.jobs.get(id);
    if (!job || !isFinal(job.status.state) || job.status.state === 'done') return undefined;
    this.jobs.delete(id);
    return this.enqueue(id, { ...job.spec, ...changes, resume: true }, job.priority);
  }

  cancel(id: number): void {
    const job = this.jobs.get(id);
    if (!job || isFinal(job.status.state)) return;
    job.control.cancel();
    if (!job.isStarted) this.finish(job, 'cancelled');
  }

  /** Ends a job with `error` (its connection is gone), queued, paused or running: none waits forever. */
  fail(id: number, error: AppError): void {
    const job = this.jobs.get(id);
    if (!job || isFinal(job.status.state)) return;
    job.control.fail(error);
    if (!job.isStarted) this.finish(job, 'failed', error);
  }

  /** Drops a finished job (done, failed or cancelled); false if it is not finished. */
  forget(id: number): boolean {
    const job = this.jobs.get(id);
    if (!job || !isFinal(job.status.state)) return false;
    return this.jobs.delete(id);
  }

  dispose(): void {
    for (const id of this.jobs.keys()) this.cancel(id);
    this.onProgressEmitter.dispose();
    this.onStateEmitter.dispose();
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const next = [...this.jobs.values()].filter((j) => j.status.state === 'queued').sort((a, b) => b.priority - a.priority || a.id - b.id)[0];
      if (!next) return;
      this.start(next);
    }
  }

  private start(job: Job): void {
    this.running++;
    job.isStarted = true;
    this.setState(job, 'running');
    runTransfer(job.spec, job.control, (progress) => {
      job.status.progress = progress;
      this.onProgressEmitter.fire({ ...job.status });
    })
      .then(
        (result) => {
          job.status.result = result;
          this.finish(job, result.errors.length ? 'failed' : 'done', result.errors[0]);
        },
        (error: unknown) => {
          const appError = toAppError(error);
          this.finish(job, appError.code === 'SFTP_CANCELLED' ? 'cancelled' : 'failed', appError);
        },
      )
      .finally(() => {
        this.running--;
        this.pump();
      });
  }

  private finish(job: Job, state: JobState, error?: AppError): void {
    if (isFinal(job.status.state)) return;
    if (error) job.status.error = error;
    this.setState(job, state);
    job.settle({ ...job.status });
  }

  private setState(job: Job, state: JobState): void {
    job.status.state = state;
    this.onStateEmitter.fire({ ...job.status });
  }
}
