import type { z } from 'zod';
import type { Disposable } from '../../../shared/base/disposable';
import { Emitter, type Event } from '../../../shared/base/event';
import { AppError } from '../../../shared/errors';
import type { ConflictChoice, FileSide, TransferRequest, TransferStatus } from '../../../shared/model/files';
import { StatusThrottle } from '../../base/status-throttle';
import type { PromptBroker } from '../../prompts/prompt-broker';
import { askConflict, existingNames } from './conflict-question';
import { expandPath } from '../protocol/expand-path';
import type { FileSystem } from '../protocol/file-system';
import type { FileSides, FilesClosed } from './file-sides';
import { pathsOf } from '../protocol/safe-names';
import type { TransferControl } from './transfer-control';
import type { ConflictPolicy, TransferResult, TransferSpec } from './transfer-job';
import { directionOf, type TransferDirection, transferTitle } from './transfer-naming';
import { isFinal, type JobStatus, TransferQueue } from './transfer-queue';

/** The request as the contract parses it (defaults filled in). */
type AddRequest = z.output<typeof TransferRequest>;

interface JobRecord {
  id: number;
  src: { side: FileSide; where: string; paths: string[] };
  dst: { side: FileSide; where: string; path: string };
  conflict: ConflictChoice;
  /** The policy once settled: the answer to the question, or the one asked for. */
  decided: ConflictPolicy | undefined;
  preserve: boolean;
  priority: number;
  direction: TransferDirection;
  title: string;
  status: JobStatus;
  throttle: StatusThrottle<TransferStatus>;
}

export interface TransferServiceOptions {
  broker: PromptBroker;
  files: FileSides;
  /** Jobs running at once. */
  concurrency?: number;
}

/** Progress of one job goes out at most this often; changes of state at once. */
const STATUS_INTERVAL_MS = 250;

/**
 * The app's transfer jobs over the queue: each copies sources from one side into a directory on
 * another (directories whole), asks about names that are taken when told to, and reports every
 * change of state at once and its progress at most every 250 ms. A job whose session closes
 * fails rather than wait; Retry continues it over the session as it is now (reconnected).
 */
export class TransferService implements Disposable {
  private readonly queue: TransferQueue;
  private readonly records = new Map<number, JobRecord>();
  /** The record whose job is being added: the queue's first event for it names its id. */
  private adding: JobRecord | undefined;
  private readonly subscriptions: Disposable[];
  private isDisposed = false;
  private readonly onDidChangeStatusEmitter = new Emitter<TransferStatus>();
  /** A job's status: every change of state at once, its progress at most every 250 ms. */
  readonly onDidChangeStatus: Event<TransferStatus> = this.onDidChangeStatusEmitter.event;

  constructor(private readonly options: TransferServiceOptions) {
    this.queue = new TransferQueue(options.concurrency ?? 2);
    this.subscriptions = [
      this.queue.onDidChangeState((status) => this.update(status)),
      this.queue.onProgress((status) => this.update(status)),
      options.files.onDidClose((closed) => this.failJobsOf(closed)),
    ];
  }

  add(request: AddRequest): { id: number } {
    const { files } = this.options;
    const src = files.fileSystem(request.src.side);
    const dst = files.fileSystem(request.dst.side);
    const srcPaths = request.src.paths.map((path) => expandPath(src, files.homeOf(request.src.side), path));
    const dstPath = expandPath(dst, files.homeOf(request.dst.side), request.dst.path);
    const record: JobRecord = {
      id: 0,
      src: { side: request.src.side, where: src.where, paths: srcPaths },
      dst: { side: request.dst.side, where: dst.where, path: dstPath },
      conflict: request.conflict,
      decided: request.conflict === 'ask' ? undefined : request.conflict,
      preserve: request.preserve,
      priority: request.priority,
      direction: directionOf(src.isRemote, dst.isRemote),
      title: transferTitle({
        names: srcPaths.map((path) => pathsOf(src).basename(path)),
        srcLabel: files.labelOf(request.src.side),
        dstLabel: files.labelOf(request.dst.side),
        dstPath,
      }),
      status: { id: 0, state: 'queued', progress: undefined },
      throttle: new StatusThrottle<TransferStatus>({
        intervalMs: STATUS_INTERVAL_MS,
        isUrgent: isStatusChange,
        emit: (status) => this.onDidChangeStatusEmitter.fire(status),
      }),
    };
    this.adding = record;
    try {
      const { id } = this.queue.add(this.specOf(record, src, dst), { priority: request.priority });
      return { id };
    } finally {
      this.adding = undefined;
    }
  }

  list(): TransferStatus[] {
    return [...this.records.values()].map(statusOf);
  }

  pause(id: number): void {
    this.queue.pause(this.known(id).id);
  }

  resume(id: number): void {
    this.queue.resume(this.known(id).id);
  }

  cancel(id: number): void {
    this.queue.cancel(this.known(id).id);
  }

  /** Queues a failed or cancelled job again over the sessions as they are now; it continues from what it wrote. */
  retry(id: number): { id: number } {
    const record = this.known(id);
    if (record.status.state !== 'failed' && record.status.state !== 'cancelled') {
      throw new AppError('INVALID_STATE', `Transfer ${id} is ${record.status.state}: only a failed or cancelled transfer can be retried.`);
    }
    const src = this.options.files.fileSystem(record.src.side);
    const dst = this.options.files.fileSystem(record.dst.side);
    this.queue.retry(id, this.specOf(record, src, dst));
    return { id };
  }

  /** Forgets the finished jobs. */
  clear(): void {
    for (const record of [...this.records.values()]) {
      if (!isFinal(record.status.state) || !this.queue.forget(record.id)) continue;
      record.throttle.dispose();
      this.records.delete(record.id);
    }
  }

  dispose(): void {
    this.isDisposed = true;
    for (const subscription of this.subscriptions) subscription.dispose();
    this.queue.dispose();
    for (const record of this.records.values()) record.throttle.dispose();
    this.onDidChangeStatusEmitter.dispose();
  }

  private known(id: number): JobRecord {
    const record = this.records.get(id);
    if (!record) throw new AppError('NOT_FOUND', `There is no transfer ${id}: it finished and was cleared, or never existed.`);
    return record;
  }

  private specOf(record: JobRecord, src: FileSystem, dst: FileSystem): TransferSpec {
    return {
      src,
      srcPaths: record.src.paths,
      dst,
      dstPath: record.dst.path,
      recursive: true,
      preserve: record.preserve,
      // Large files between this machine and a server go through that session's transfer workers.
      segments:
        record.src.side === 'local'
          ? this.options.files.segmentsFor(record.dst.side)
          : record.dst.side === 'local'
            ? this.options.files.segmentsFor(record.src.side)
            : undefined,
      prepare: (control) => this.prepare(record, src, dst, control),
    };
  }

  /** When the job starts: the destination must be a directory; then the policy, asked for if need be. */
  private async prepare(record: JobRecord, src: FileSystem, dst: FileSystem, control: TransferControl): Promise<ConflictPolicy> {
    const target = await dst.stat(record.dst.path);
    if (target.type !== 'directory') {
      throw new AppError('SFTP_NOT_A_DIRECTORY', `Could not copy into ${record.dst.path} on ${dst.where}: it is not a directory. Drop the files on a folder.`, {
        hop: dst.isRemote ? dst.where : undefined,
        details: { path: record.dst.path },
      });
    }
    if (record.decided !== undefined) return record.decided;
    const names = await existingNames(src, record.src.paths, dst, record.dst.path);
    // Nothing in the way: the only names a retry can find taken are this job's own finished copies.
    record.decided =
      names.length === 0 ? 'skip' : await askConflict(this.options.broker, { jobId: record.id, title: record.title, hop: dst.where, names }, control);
    return record.decided;
  }

  private update(status: JobStatus): void {
    if (this.isDisposed) return;
    const record = this.records.get(status.id) ?? this.claim(status.id);
    if (!record) return;
    record.status = status;
    record.throttle.push(statusOf(record));
  }

  private claim(id: number): JobRecord | undefined {
    const record = this.adding;
    if (!record) return undefined;
    this.adding = undefined;
    record.id = id;
    record.status = { ...record.status, id };
    this.records.set(id, record);
    return record;
  }

  /** A session closed: its jobs fail now (queued, paused or running), to be retried after a reconnect. */
  private failJobsOf({ filesId, error }: FilesClosed): void {
    const reason = error ?? new AppError('CONNECTION_LOST', 'The file session was closed; open it again and retry the transfer.');
    for (const record of this.records.values()) {
      if (record.src.side === filesId || record.dst.side === filesId) this.queue.fail(record.id, reason);
    }
  }
}

/** What goes out at once: a change of state, or the first progress (the job's totals are known). */
export function isStatusChange(last: TransferStatus | undefined, next: TransferStatus): boolean {
  return last?.state !== next.state || (last.progress === undefined) !== (next.progress === undefined);
}

function statusOf(record: JobRecord): TransferStatus {
  const { status } = record;
  const result = status.result;
  const errorCount = result?.errors.length || (status.error ? 1 : 0);
  return {
    id: record.id,
    state: status.state,
    direction: record.direction,
    title: record.title,
    src: record.src,
    dst: record.dst,
    priority: record.priority,
    ...(status.progress ? { progress: status.progress } : {}),
    ...(result
      ? {
          result: {
            filesCopied: result.filesCopied,
            filesSkipped: result.filesSkipped,
            bytes: result.bytes,
            bytesResumed: result.bytesResumed,
            ...linksSkippedOf(result),
          },
        }
      : {}),
    ...(status.error ? { error: status.error.toJSON() } : {}),
    ...(errorCount ? { errorCount } : {}),
  };
}

/** Links shown to the person: how many were skipped, and the first few (a tree may hold thousands). */
function linksSkippedOf(result: TransferResult): Pick<NonNullable<TransferStatus['result']>, 'linksSkipped'> {
  const links = result.skippedLinks;
  return links.length ? { linksSkipped: { count: links.length, first: links.slice(0, 20) } } : {};
}
