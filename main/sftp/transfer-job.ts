import { AppError, toAppError } from '../../shared/errors';
import { copyFile, type VerifyMode } from './copy-file';
import type { FileSystem } from './file-system';
import { mkdirp } from './fs-operations';
import { pathsOf } from './safe-names';
import type { TransferControl } from './transfer-control';
import { type PlanItem, planTransfer } from './transfer-plan';
import { etaOf, RateMeter, type TransferProgress } from './transfer-progress';

/** What to do when the destination name is taken. */
export type ConflictPolicy = 'overwrite' | 'skip' | 'rename' | 'newer';

export interface TransferSpec {
  src: FileSystem;
  srcPaths: string[];
  dst: FileSystem;
  dstPath: string;
  recursive?: boolean;
  preserve?: boolean;
  resume?: boolean;
  followLinks?: boolean;
  conflict?: ConflictPolicy;
  verify?: VerifyMode;
  /** More connections to the source's / destination's server, for segmented copies of large files. */
  srcPeers?: FileSystem[];
  dstPeers?: FileSystem[];
  /** Files in flight at once; small files gain most from more. */
  fileConcurrency?: number;
}

export interface TransferResult {
  filesCopied: number;
  filesSkipped: number;
  bytes: number;
  /** Bytes a resume found already copied (not sent again). */
  bytesResumed: number;
  /** Entries refused or failed; the job copied everything else. */
  errors: AppError[];
}

/** Failures that end the whole job rather than one file. */
const FATAL = new Set(['CONNECTION_LOST', 'KEEPALIVE_TIMEOUT', 'SFTP_CANCELLED']);

/**
 * Runs one copy job: plan, directories (parents first), files (several in flight, each
 * pipelined), links, then the directories' modes and times (-p) once their contents are in.
 */
export async function runTransfer(spec: TransferSpec, control: TransferControl, onProgress: (progress: TransferProgress) => void = () => {}): Promise<TransferResult> {
  const { src, dst } = spec;
  const plan = await planTransfer(src, spec.srcPaths, dst, spec.dstPath, { recursive: spec.recursive ?? false, followLinks: spec.followLinks ?? false });
  const result: TransferResult = { filesCopied: 0, filesSkipped: 0, bytes: 0, bytesResumed: 0, errors: [...plan.refused] };
  const meter = new RateMeter();
  const progress: TransferProgress = { bytesDone: 0, bytesTotal: plan.bytes, filesDone: 0, filesTotal: plan.files, filesSkipped: 0, rate: 0, etaSeconds: undefined };
  const report = () => {
    progress.rate = meter.sample(progress.bytesDone);
    progress.etaSeconds = etaOf(progress.bytesTotal - progress.bytesDone, progress.rate);
    onProgress({ ...progress });
  };
  const timer = setInterval(report, 200);
  try {
    report();
    const directories = plan.items.filter((i) => i.kind === 'directory');
    /** Directories this job created: nothing in them can be in the way, so no need to look. */
    const created = new Set<string>();
    for (const item of directories) {
      const existed = await dst.tryLstat(item.dstPath);
      await mkdirp(dst, item.dstPath, item.stats.mode | 0o700);
      if (!existed) created.add(item.dstPath);
    }
    const dstPaths = pathsOf(dst);

    const onFail = (error: unknown) => {
      const appError = toAppError(error);
      if (FATAL.has(appError.code)) throw appError;
      result.errors.push(appError);
    };
    const copyOne = async (item: PlanItem) => {
      await control.checkpoint();
      const isFresh = created.has(dstPaths.dirname(item.dstPath));
      const target = isFresh ? item.dstPath : await resolveConflict(dst, item, spec.conflict ?? 'overwrite');
      if (target === undefined) {
        progress.filesSkipped++;
        progress.bytesTotal -= item.kind === 'file' ? item.stats.size : 0;
        result.filesSkipped++;
        return;
      }
      if (item.kind === 'symlink') {
        if (!isFresh && (await dst.tryLstat(target))) await dst.unlink(target);
        await dst.symlink(item.target, target);
      } else {
        let landed = 0;
        await copyFile({
          src, srcPath: item.srcPath, dst, dstPath: target, size: item.stats.size, mode: item.stats.mode, atime: item.stats.atime, mtime: item.stats.mtime,
          srcPeers: spec.srcPeers, dstPeers: spec.dstPeers,
          resume: spec.resume ?? false, preserve: spec.preserve ?? false, verify: spec.verify ?? 'sha256', control,
          onResume: (offset) => (result.bytesResumed += offset),
          onBytes: (n) => {
            landed += n;
            progress.bytesDone += n;
          },
        }).catch((error: unknown) => {
          progress.bytesDone -= landed;
          throw error;
        });
        result.bytes += item.stats.size;
      }
      progress.filesDone++;
      result.filesCopied++;
    };
    const files = plan.items.filter((i) => i.kind !== 'directory');
    await inPool(files, spec.fileConcurrency ?? 16, (item) => copyOne(item).catch(onFail));

    if (spec.preserve) {
      for (const item of directories.reverse()) {
        await dst.chmod(item.dstPath, item.stats.mode).catch(onFail);
        await dst.utimes(item.dstPath, item.stats.atime, item.stats.mtime).catch(onFail);
      }
    }
    return result;
  } finally {
    clearInterval(timer);
    report();
  }
}

/** The name to write to, or undefined to skip. */
async function resolveConflict(dst: FileSystem, item: PlanItem, policy: ConflictPolicy): Promise<string | undefined> {
  const existing = await dst.tryLstat(item.dstPath);
  if (!existing) return item.dstPath;
  if (existing.type === 'directory') {
    throw new AppError('SFTP_IS_A_DIRECTORY', `Could not write ${item.dstPath} on ${dst.where}: a directory is in the way.`, { details: { path: item.dstPath } });
  }
  switch (policy) {
    case 'overwrite':
      return item.dstPath;
    case 'skip':
      return undefined;
    case 'newer':
      return item.stats.mtime > existing.mtime ? item.dstPath : undefined;
    case 'rename': {
      const paths = pathsOf(dst);
      const ext = paths.extname(item.dstPath);
      const stem = item.dstPath.slice(0, item.dstPath.length - ext.length);
      for (let n = 1; ; n++) {
        const candidate = `${stem} (${n})${ext}`;
        if (!(await dst.tryLstat(candidate))) return candidate;
      }
    }
  }
}

/** Runs `fn` over `items` with at most `limit` at once; the first throw stops new starts and is rethrown. */
async function inPool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let index = 0;
  let failure: unknown;
  const lane = async () => {
    while (failure === undefined && index < items.length) {
      const item = items[index++]!;
      await fn(item).catch((error: unknown) => {
        failure ??= error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure !== undefined) throw failure;
}
