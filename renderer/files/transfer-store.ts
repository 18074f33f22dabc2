import type { Disposable } from '../../shared/base/disposable';
import type { TransferStatus } from '../../shared/model';
import type { Client } from '../api/client';

const FINISHED: ReadonlySet<TransferStatus['state']> = new Set(['done', 'failed', 'cancelled']);
export const isFinished = (job: Pick<TransferStatus, 'state'>): boolean => FINISHED.has(job.state);

export interface QueueTotals {
  /** Jobs queued, running or paused. */
  active: number;
  running: number;
  finished: number;
  bytesDone: number;
  bytesTotal: number;
  rate: number;
  etaSeconds: number | undefined;
}

/** The sums the totals line shows, over the jobs that are not finished. */
export function queueTotals(jobs: readonly TransferStatus[]): QueueTotals {
  const totals: QueueTotals = { active: 0, running: 0, finished: 0, bytesDone: 0, bytesTotal: 0, rate: 0, etaSeconds: undefined };
  for (const job of jobs) {
    if (isFinished(job)) {
      totals.finished++;
      continue;
    }
    totals.active++;
    if (job.state === 'running') totals.running++;
    totals.bytesDone += job.progress?.bytesDone ?? 0;
    totals.bytesTotal += job.progress?.bytesTotal ?? 0;
    totals.rate += job.state === 'running' ? (job.progress?.rate ?? 0) : 0;
  }
  totals.etaSeconds = totals.rate > 0 ? Math.max(0, totals.bytesTotal - totals.bytesDone) / totals.rate : undefined;
  return totals;
}

/**
 * The transfer queue as this window knows it: main's list (`transfers.list`, after a load or a
 * reconnect of the link) kept current by `transfers.status`. Views subscribe; a job reaching an
 * end is announced once, so a pane showing its destination can list it again.
 */
export class TransferStore implements Disposable {
  private readonly jobs = new Map<number, TransferStatus>();
  private readonly listeners = new Set<() => void>();
  private readonly finishListeners = new Set<(job: TransferStatus) => void>();
  private readonly unsubscribe: () => void;
  private snapshot: readonly TransferStatus[] = [];

  constructor(client: Pick<Client, 'on'>) {
    this.unsubscribe = client.on('transfers.status', (job) => this.put(job));
  }

  /** Every job, oldest first (a stable array between changes, for useSyncExternalStore). */
  readonly list = (): readonly TransferStatus[] => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onFinished(listener: (job: TransferStatus) => void): () => void {
    this.finishListeners.add(listener);
    return () => this.finishListeners.delete(listener);
  }

  /** What main holds now; a job that ended meanwhile is announced as if its event had come. */
  load(jobs: readonly TransferStatus[]): void {
    const known = new Set(jobs.map((job) => job.id));
    for (const id of this.jobs.keys()) if (!known.has(id)) this.jobs.delete(id);
    for (const job of jobs) this.put(job, true);
    this.emit();
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
    this.finishListeners.clear();
  }

  private put(job: TransferStatus, isFromList = false): void {
    const previous = this.jobs.get(job.id);
    this.jobs.set(job.id, job);
    // A job first seen in main's list ended before this window looked: nothing to refresh for it.
    const hasEnded = isFinished(job) && (previous === undefined ? !isFromList : !isFinished(previous));
    if (hasEnded) for (const listener of this.finishListeners) listener(job);
    if (!isFromList) this.emit();
  }

  private emit(): void {
    this.snapshot = [...this.jobs.values()].sort((a, b) => a.id - b.id);
    for (const listener of this.listeners) listener();
  }
}
