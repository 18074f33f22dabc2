import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Disposable } from '../../../shared/base/disposable';
import { AppError } from '../../../shared/errors';
import type { ConnectionRecipe } from './connection-recipe';
import type { FileSystem } from '../protocol/file-system';
import type { FromWorker, SegmentJob, ToWorker } from './segment-messages';
import type { TransferControl } from './transfer-control';
import { bytesIn, type ByteRange, type WrittenRanges } from './written-ranges';

/**
 * Below this a file goes over one connection on the calling thread: starting the blocks on the
 * workers costs a few round trips, and a file this small is over before two streams would pay.
 */
export const SEGMENT_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Each bundle ships the worker beside itself: out/cli/transfer-worker.mjs, out/web/transfer-worker.mjs
 * and the app's out/main/transfer-worker.js; from sources (tests, tsx) the worker is the TypeScript
 * file, loaded through tsx's loader.
 */
function startWorker(): Worker {
  for (const name of ['./transfer-worker.mjs', './transfer-worker.js']) {
    const bundled = new URL(name, import.meta.url);
    if (bundled.protocol === 'file:' && existsSync(fileURLToPath(bundled))) return new Worker(bundled);
  }
  const source = new URL('./transfer-worker.ts', import.meta.url).href;
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(source)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
}

/** Workers for a copy, started on first need (undefined: copy over the main connection). */
export type SegmentSource = () => Promise<SegmentWorkers | undefined>;

export interface WorkerSlot {
  worker: Worker;
  post: (message: ToWorker) => void;
  listeners: Set<(message: FromWorker) => void>;
  isClosed?: boolean;
}

/** What one segmented copy needs besides the job: where it stands, and how it is told to stop. */
export interface SegmentRun {
  /** What to copy, in order: the whole file, or the holes a resume found. */
  ranges: readonly ByteRange[];
  control: TransferControl;
  onBytes: (bytes: number) => void;
  /** Told as chunks land: the record of a stopped copy says what was really written. */
  written: WrittenRanges;
}

/**
 * Transfer workers, each a thread with its own connection to `remote`'s server. A large file's
 * blocks are handed out in order to whichever worker asks, so the written prefix stays close
 * behind the furthest write and fast workers take more.
 */
export class SegmentWorkers implements Disposable {
  private nextJobId = 1;

  private constructor(
    /** The session these workers mirror: segments apply to copies between it and this machine. */
    readonly remote: FileSystem,
    private readonly slots: WorkerSlot[],
  ) {}

  get count(): number {
    return this.slots.length;
  }

  /**
   * Starts `count` worker threads without connecting them: they load their code while the main
   * connection is made. Pass the result to `start`.
   */
  static boot(count: number): WorkerSlot[] {
    return Array.from({ length: count }, (): WorkerSlot => {
      const worker = startWorker();
      const listeners = new Set<(message: FromWorker) => void>();
      worker.on('message', (message: FromWorker) => listeners.forEach((l) => l(message)));
      worker.on('error', () =>
        listeners.forEach((l) =>
          l({
            type: 'failed',
            id: 0,
            error: new AppError('INTERNAL', 'A transfer worker stopped unexpectedly.', { hint: { kind: 'single-connection' } }).toJSON(),
          }),
        ),
      );
      return { worker, listeners, post: (message) => worker.postMessage(message) };
    });
  }

  /**
   * Connects each worker (booted now, or earlier by `boot`) as `recipe` says. Rejects with the
   * first failure (HOST_KEY_CHANGED if a worker saw another key); the caller then copies over
   * one connection.
   */
  static async start(remote: FileSystem, recipe: ConnectionRecipe, slotsOrCount: WorkerSlot[] | number): Promise<SegmentWorkers> {
    const slots = typeof slotsOrCount === 'number' ? SegmentWorkers.boot(slotsOrCount) : slotsOrCount;
    const workers = new SegmentWorkers(remote, slots);
    try {
      await Promise.all(
        slots.map(
          (slot) =>
            new Promise<void>((resolve, reject) => {
              const listener = (message: FromWorker) => {
                if (message.type === 'ready') resolve();
                else if (message.type === 'connect-failed' || message.type === 'failed') reject(AppError.fromData(message.error));
                else return;
                slot.listeners.delete(listener);
              };
              slot.listeners.add(listener);
              slot.post({ type: 'connect', recipe });
            }),
        ),
      );
      return workers;
    } catch (error) {
      workers.dispose();
      throw error;
    }
  }

  /** Whether a copy from `src` to `dst` is one these workers can carry (this machine ↔ `remote`). */
  serves(src: FileSystem, dst: FileSystem): boolean {
    return (src === this.remote && !dst.isRemote) || (dst === this.remote && !src.isRemote);
  }

  /** Copies run.ranges in blocks over every worker; rejects with the first failure. */
  copy(job: Omit<SegmentJob, 'id'>, run: SegmentRun): Promise<void> {
    const id = this.nextJobId++;
    // About four blocks per worker, so one that is slower does not hold the end back.
    const block = Math.max(job.chunkSize, Math.ceil(bytesIn(run.ranges) / (this.slots.length * 4) / job.chunkSize) * job.chunkSize);
    const blocks = blocksOf(run.ranges, block);
    let failure: AppError | undefined;
    const stopAll = () => this.slots.forEach((slot) => slot.post({ type: 'stop', id }));
    run.control.signal.addEventListener('abort', stopAll, { once: true });
    // Each worker gates its own chunks: a pause here must reach them, or the bytes keep flowing.
    const pausing = run.control.onDidChangePause((isPaused) => this.slots.forEach((slot) => slot.post({ type: isPaused ? 'pause' : 'resume', id })));
    const shares = this.slots.map(
      (slot) =>
        new Promise<void>((resolve) => {
          const listener = (message: FromWorker) => {
            if ('id' in message && message.id !== id && message.id !== 0) return;
            switch (message.type) {
              case 'next': {
                const given = failure === undefined && !run.control.isCancelled ? blocks.next() : undefined;
                slot.post({ type: 'block', id, block: given && !given.done ? given.value : undefined });
                return;
              }
              case 'chunk':
                run.written.add(message.start, message.end);
                run.onBytes(message.end - message.start);
                return;
              case 'failed':
                if (!failure) {
                  failure = AppError.fromData(message.error);
                  stopAll();
                }
                break;
              case 'finished':
                break;
              default:
                return;
            }
            slot.listeners.delete(listener);
            resolve();
          };
          slot.listeners.add(listener);
          slot.post({ type: 'copy', job: { ...job, id } });
          if (run.control.isPaused) slot.post({ type: 'pause', id });
        }),
    );
    return Promise.all(shares).then(async () => {
      run.control.signal.removeEventListener('abort', stopAll);
      pausing.dispose();
      if (failure && !AppError.is(failure, 'SFTP_CANCELLED')) throw failure;
      await run.control.checkpoint();
      if (failure) throw failure;
    });
  }

  dispose(): void {
    SegmentWorkers.close(this.slots);
  }

  /** Ends worker threads, connected or not. */
  static close(slots: WorkerSlot[]): void {
    for (const slot of slots) {
      if (slot.isClosed) continue;
      slot.isClosed = true;
      slot.post({ type: 'close' });
      // A worker that is stuck (a server that stopped answering) must not keep the process alive.
      setTimeout(() => void slot.worker.terminate(), 2_000).unref();
    }
  }
}

/** `ranges` cut into blocks of at most `size` bytes, in order; none crosses the end of a range. */
function* blocksOf(ranges: readonly ByteRange[], size: number): Generator<{ start: number; end: number }> {
  for (const [start, end] of ranges) {
    for (let at = start; at < end; at = Math.min(at + size, end)) yield { start: at, end: Math.min(at + size, end) };
  }
}
