import { AppError, toAppError } from '../../../shared/errors';
import { inPool } from '../../base/pool';
import { copyFile, keepsPartial, type VerifyMode } from './copy-file';
import type { FileSystem } from '../protocol/file-system';
import { mkdirp } from '../protocol/fs-operations';
import { pathsOf } from '../protocol/safe-names';
import type { SegmentSource } from './segment-workers';
import type { TransferControl } from './transfer-control';
import { type PlanItem, planTransfer, type TransferPlan } from './transfer-plan';
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
  /** Recreate a server's links that point outside the copy too (see PlanOptions.unsafeLinks). */
  unsafeLinks?: boolean;
  conflict?: ConflictPolicy;
  /**
   * Runs once the job starts, before anything is planned: may check the destination and settle
   * the conflict policy (a question to a person), which then replaces `conflict`. Throwing
   * SFTP_CANCELLED cancels the job.
   */
  prepare?: (control: TransferControl) => Promise<ConflictPolicy | undefined>;
  verify?: VerifyMode;
  /** Worker threads with connections of their own to one side's server, for segmented copies of large files. */
  segments?: SegmentSource;
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
  /** A server's links that were not recreated: they point outside the copy. */
  skippedLinks: { path: string; target: string }[];
}

/**
 * Small files cost round trips, not bandwidth: many in flight hide the latency (each holds one
 * buffer of at most its own size). Large files are pipelined within themselves.
 */
const FILES_IN_FLIGHT = 64;
const DIRECTORIES_IN_FLIGHT = 16;

/** Directories grouped by how deep they sit under the first, parents' group first. */
function byDepth(directories: PlanItem[], paths: ReturnType<typeof pathsOf>): PlanItem[][] {
  const depth = new Map<string, number>();
  const levels: PlanItem[][] = [];
  for (const item of directories) {
    const level = (depth.get(paths.dirname(item.dstPath)) ?? -1) + 1;
    depth.set(item.dstPath, level);
    (levels[level] ??= []).push(item);
  }
  return levels;
}

/** Failures that end the whole job rather than one file. */
const FATAL = new Set(['CONNECTION_LOST', 'KEEPALIVE_TIMEOUT', 'SFTP_CANCELLED']);

/**
 * Runs one copy job: plan, directories (parents first), files (several in flight, each
 * pipelined), links, then the directories' modes and times (-p) once their contents are in.
 * Failures of single entries are collected in the result; a lost connection or a cancel ends
 * the job with a throw.
 */
export async function runTransfer(
  spec: TransferSpec,
  control: TransferControl,
  onProgress: (progress: TransferProgress) => void = () => {},
): Promise<TransferResult> {
  if (spec.prepare) {
    // A cancel while a question is open ends the job at once.
    const conflict = await Promise.race([spec.prepare(control), control.stopped]);
    await control.checkpoint();
    if (conflict !== undefined) spec = { ...spec, conflict };
  }
  const plan = await planTransfer(spec.src, spec.srcPaths, spec.dst, spec.dstPath, {
    recursive: spec.recursive ?? false,
    followLinks: spec.followLinks ?? false,
    unsafeLinks: spec.unsafeLinks ?? false,
  });
  return new TransferRun(spec, control, onProgress, plan).run();
}

class TransferRun {
  private readonly result: TransferResult;
  private readonly progress: TransferProgress;
  private readonly meter = new RateMeter();
  /** Directories this job created: nothing in them can be in the way, so no need to look. */
  private readonly created = new Set<string>();
  /** Where the plan puts directories: one inside another must be a directory, never a link that is there. */
  private readonly planned: Set<string>;

  constructor(
    private readonly spec: TransferSpec,
    private readonly control: TransferControl,
    private readonly onProgress: (progress: TransferProgress) => void,
    private readonly plan: TransferPlan,
  ) {
    this.result = { filesCopied: 0, filesSkipped: 0, bytes: 0, bytesResumed: 0, errors: [...plan.refused], skippedLinks: plan.skippedLinks };
    this.planned = new Set(plan.items.filter((i) => i.kind === 'directory').map((i) => i.dstPath));
    this.progress = { bytesDone: 0, bytesTotal: plan.bytes, filesDone: 0, filesTotal: plan.files, filesSkipped: 0, rate: 0, etaSeconds: undefined };
  }

  async run(): Promise<TransferResult> {
    const timer = setInterval(() => this.report(), 200);
    try {
      this.report();
      const directories = this.plan.items.filter((i) => i.kind === 'directory');
      // Level by level (parents first), the directories of one level at once.
      for (const level of byDepth(directories, pathsOf(this.spec.dst))) await inPool(level, DIRECTORIES_IN_FLIGHT, (item) => this.makeDirectory(item));
      // Links last: no file of this copy is then written where a link of it could lead.
      const files = this.plan.items.filter((i) => i.kind === 'file');
      await inPool(files, this.spec.fileConcurrency ?? FILES_IN_FLIGHT, (item) => this.copyItem(item).catch(this.onFail));
      const links = this.plan.items.filter((i) => i.kind === 'symlink');
      await inPool(links, this.spec.fileConcurrency ?? FILES_IN_FLIGHT, (item) => this.copyItem(item).catch(this.onFail));
      if (this.spec.preserve) {
        for (const item of directories.reverse()) {
          await this.spec.dst.chmod(item.dstPath, item.stats.mode).catch(this.onFail);
          await this.spec.dst.utimes(item.dstPath, item.stats.atime, item.stats.mtime).catch(this.onFail);
        }
      }
      return this.result;
    } finally {
      clearInterval(timer);
      this.report();
    }
  }

  private async makeDirectory(item: PlanItem): Promise<void> {
    const dst = this.spec.dst;
    const mode = item.stats.mode | 0o700;
    // In a directory this job created, nothing can be in the way: one round trip.
    if (this.created.has(pathsOf(dst).dirname(item.dstPath))) {
      const isMade = await dst.mkdir(item.dstPath, mode).then(
        () => true,
        () => false,
      );
      if (isMade) {
        this.created.add(item.dstPath);
        return;
      }
    }
    const existed = await dst.tryLstat(item.dstPath);
    if (existed?.type === 'symlink' && this.planned.has(pathsOf(dst).dirname(item.dstPath))) {
      throw new AppError(
        'SFTP_UNSAFE_NAME',
        `Refused to copy into ${item.dstPath} on ${dst.where}: it is a link, not a directory, and a copy never writes through a link inside what it copies. Remove the link, or copy elsewhere.`,
        {
          hop: dst.isRemote ? dst.where : undefined,
          details: { path: item.dstPath },
        },
      );
    }
    await mkdirp(dst, item.dstPath, mode);
    if (!existed) this.created.add(item.dstPath);
  }

  private report(): void {
    const progress = this.progress;
    progress.rate = this.meter.sample(progress.bytesDone);
    progress.etaSeconds = etaOf(progress.bytesTotal - progress.bytesDone, progress.rate);
    this.onProgress({ ...progress });
  }

  private readonly onFail = (error: unknown): void => {
    const appError = toAppError(error);
    if (FATAL.has(appError.code)) throw appError;
    this.result.errors.push(appError);
  };

  private async copyItem(item: PlanItem): Promise<void> {
    const { spec, progress, result } = this;
    await this.control.checkpoint();
    const isFresh = this.created.has(pathsOf(spec.dst).dirname(item.dstPath));
    const target = isFresh ? item.dstPath : await resolveConflict(spec.dst, item, spec.conflict ?? 'overwrite');
    if (target === undefined) {
      progress.filesSkipped++;
      progress.bytesTotal -= item.kind === 'file' ? item.stats.size : 0;
      result.filesSkipped++;
      return;
    }
    if (item.kind === 'symlink') {
      if (!isFresh && (await spec.dst.tryLstat(target))) await spec.dst.unlink(target);
      await spec.dst.symlink(item.target, target);
    } else {
      let landed = 0;
      await copyFile({
        src: spec.src,
        srcPath: item.srcPath,
        dst: spec.dst,
        dstPath: target,
        size: item.stats.size,
        mode: item.stats.mode,
        atime: item.stats.atime,
        mtime: item.stats.mtime,
        segments: spec.segments,
        resume: spec.resume ?? false,
        preserve: spec.preserve ?? false,
        verify: spec.verify ?? 'sha256',
        control: this.control,
        onResume: (offset) => (result.bytesResumed += offset),
        onBytes: (n) => {
          landed += n;
          progress.bytesDone += n;
        },
      }).catch((error: unknown) => {
        // What a failed file sent counts only while it is kept for a retry (a lost connection):
        // a failed job then shows what it wrote. A removed partial file took its bytes with it.
        if (!keepsPartial(error)) progress.bytesDone -= landed;
        throw error;
      });
      result.bytes += item.stats.size;
    }
    progress.filesDone++;
    result.filesCopied++;
  }
}

/** The name to write to, or undefined to skip. */
async function resolveConflict(dst: FileSystem, item: PlanItem, policy: ConflictPolicy): Promise<string | undefined> {
  const existing = await dst.tryLstat(item.dstPath);
  if (!existing) return item.dstPath;
  if (existing.type === 'directory') {
    throw new AppError('SFTP_IS_A_DIRECTORY', `Could not write ${item.dstPath} on ${dst.where}: a directory is in the way.`, {
      details: { path: item.dstPath },
    });
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
