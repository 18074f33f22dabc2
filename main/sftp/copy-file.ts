import { AppError } from '../../shared/errors';
import type { FileHandle, FileSystem } from './file-system';
import { pathsOf } from './safe-names';
import type { TransferControl } from './transfer-control';

export type VerifyMode = 'size' | 'sha256';

export interface CopyFileRequest {
  src: FileSystem;
  srcPath: string;
  dst: FileSystem;
  dstPath: string;
  /** The source's size and mode, from the plan (saves a round trip per file). */
  size: number;
  mode: number;
  atime: number;
  mtime: number;
  /** Continue from a partial file left by an earlier attempt. */
  resume: boolean;
  /** Set the destination's mode and times to the source's (-p). */
  preserve: boolean;
  verify: VerifyMode;
  control: TransferControl;
  /** Called as bytes land (first with what a resume kept). */
  onBytes: (bytes: number) => void;
  /**
   * More connections to the same servers as `src`/`dst`: a large file is then read or written
   * over all of them at once (segmented transfer), each serving every n-th chunk.
   */
  srcPeers?: FileSystem[];
  dstPeers?: FileSystem[];
  /** Called with the offset a resume continues from. */
  onResume?: (offset: number) => void;
}

/** Hashing a small file costs a channel per file; below this the size check is the check. */
const HASH_MIN_BYTES = 4 * 1024 * 1024;

/** The temporary name beside the destination; deterministic, so a later run can resume it. */
export function partialPathFor(fs: FileSystem, dstPath: string): string {
  const paths = pathsOf(fs);
  return paths.join(paths.dirname(dstPath), `.${paths.basename(dstPath)}.jgpart`);
}

/**
 * Copies one file: pipelined reads and writes at explicit offsets (many requests in flight),
 * into a temporary name beside the destination, checked (size, and SHA-256 where both sides can
 * compute it), then renamed into place. A failure never leaves a partial file at the
 * destination name; a lost connection leaves the temporary file for --resume.
 */
export async function copyFile(request: CopyFileRequest): Promise<void> {
  const { src, dst, control } = request;
  const partial = partialPathFor(dst, request.dstPath);
  const start = request.resume ? await resumeOffset(request, partial) : 0;
  // The source does not change while it is copied: hash it at the same time (on its own host).
  const sourceHash = request.verify === 'sha256' && request.size >= HASH_MIN_BYTES ? src.sha256(request.srcPath).catch(() => undefined) : undefined;
  let isKept = false;
  const lanes = lanesFor(request);
  const opened: { reader: FileHandle; writer?: FileHandle }[] = [];
  try {
    try {
      for (const lane of lanes) opened.push({ reader: await lane.src.openRead(request.srcPath) });
      // The first writer creates (or truncates) the file; the others open what it made.
      for (const [index, lane] of lanes.entries()) opened[index]!.writer = await lane.dst.openWrite(partial, { truncate: index === 0 && start === 0, mode: request.mode & 0o777 });
      if (start > 0) {
        request.onResume?.(start);
        request.onBytes(start);
      }
      const handles = opened.map((o) => ({ reader: o.reader, writer: o.writer! }));
      await pump(handles, { start, size: request.size, chunkSize: chunkSizeOf(request), depth: Math.max(src.depth, dst.depth), control, onBytes: request.onBytes, srcPath: request.srcPath, where: src.where });
      // Every write is acknowledged; the other lanes close first, then the server answers the
      // first lane's stat after all of them: the stat sees every byte, and close costs no round trip.
      const first = opened[0]!.writer!;
      for (const o of opened.slice(1)) await o.writer!.close();
      for (const o of opened) delete o.writer;
      const [written] = await Promise.all([first.stat(), first.close()]);
      if (written.size !== request.size) {
        throw new AppError('SFTP_VERIFY_FAILED', `The copy of ${request.srcPath} at ${partial} on ${dst.where} has ${written.size} bytes instead of ${request.size}; it was not put in place. Run again.`, { details: { path: request.dstPath } });
      }
    } finally {
      await Promise.all(opened.flatMap((o) => [o.reader.close().catch(() => undefined), o.writer?.close().catch(() => undefined)]));
    }
    if (sourceHash) await verifyHash(request, partial, sourceHash);
    if (request.preserve) {
      await dst.chmod(partial, request.mode);
      await dst.utimes(partial, request.atime, request.mtime);
    }
    await control.checkpoint();
    await dst.rename(partial, request.dstPath);
  } catch (error) {
    // A lost connection keeps the partial file for a resume; anything else removes it.
    isKept = AppError.is(error, 'CONNECTION_LOST') || AppError.is(error, 'KEEPALIVE_TIMEOUT');
    if (!isKept) await dst.unlink(partial).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes complete out of order within the window of requests in flight, so the partial file
 * may have holes in its last `depth × chunk` bytes: resume from before that window.
 */
async function resumeOffset(request: CopyFileRequest, partial: string): Promise<number> {
  const existing = await request.dst.tryLstat(partial);
  if (!existing || existing.type !== 'file' || existing.size > request.size) return 0;
  const chunk = chunkSizeOf(request);
  const window = chunk * Math.max(request.src.depth, request.dst.depth);
  return Math.max(0, Math.floor((existing.size - window) / chunk) * chunk);
}

/** Below this a second connection costs more than it brings. */
const SEGMENT_MIN_BYTES = 64 * 1024 * 1024;

function chunkSizeOf(request: CopyFileRequest): number {
  return Math.min(request.src.chunkSize, request.dst.chunkSize);
}

/** One lane per connection: the main pair, plus peers for a large file. */
function lanesFor(request: CopyFileRequest): { src: FileSystem; dst: FileSystem }[] {
  const srcPeers = request.size >= SEGMENT_MIN_BYTES ? (request.srcPeers ?? []) : [];
  const dstPeers = request.size >= SEGMENT_MIN_BYTES ? (request.dstPeers ?? []) : [];
  const count = 1 + Math.max(srcPeers.length, dstPeers.length);
  return Array.from({ length: count }, (_, i) => ({ src: i === 0 ? request.src : (srcPeers[i - 1] ?? request.src), dst: i === 0 ? request.dst : (dstPeers[i - 1] ?? request.dst) }));
}

interface PumpOptions {
  start: number;
  size: number;
  chunkSize: number;
  depth: number;
  control: TransferControl;
  onBytes: (bytes: number) => void;
  srcPath: string;
  where: string;
}

/**
 * `depth` workers shared among the lanes, each with its own buffer, take the next chunk, read
 * it and write it. Chunks are handed out in order, so at most `depth` of them are unfinished,
 * however many connections there are: a resume backs off by that much, whatever the last run used.
 */
async function pump(lanes: { reader: FileHandle; writer: FileHandle }[], options: PumpOptions): Promise<void> {
  let next = options.start;
  let failure: unknown;
  const worker = async ({ reader, writer }: { reader: FileHandle; writer: FileHandle }) => {
    // A small file needs a small buffer: 255 KiB per file adds up to a lot of garbage in a tree.
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(options.chunkSize, options.size - options.start)));
    while (failure === undefined && next < options.size) {
      await options.control.checkpoint();
      let offset = next;
      const end = Math.min(offset + options.chunkSize, options.size);
      next = end;
      while (offset < end) {
        const n = await reader.read(buffer, end - offset, offset);
        if (n === 0) {
          throw new AppError('SFTP_VERIFY_FAILED', `${options.srcPath} on ${options.where} ended at ${offset} bytes instead of ${options.size}: it changed while being copied. Run again.`, { details: { path: options.srcPath } });
        }
        await writer.write(buffer, n, offset);
        offset += n;
        options.onBytes(n);
      }
    }
  };
  const chunks = Math.ceil((options.size - options.start) / options.chunkSize);
  const workers = Array.from({ length: Math.max(1, Math.min(Math.max(options.depth, lanes.length), chunks)) }, (_, i) =>
    worker(lanes[i % lanes.length]!).catch((error: unknown) => {
      failure ??= error;
    }),
  );
  await Promise.all(workers);
  if (failure !== undefined) throw failure;
}

async function verifyHash(request: CopyFileRequest, partial: string, sourceHash: Promise<string | undefined>): Promise<void> {
  const [ours, theirs] = await Promise.all([sourceHash, request.dst.sha256(partial)]);
  if (ours === undefined || theirs === undefined || ours === theirs) return;
  throw new AppError('SFTP_VERIFY_FAILED', `The copy of ${request.srcPath} on ${request.dst.where} does not match the source (SHA-256 differs); it was not put in place. Run again.`, { details: { path: request.dstPath } });
}
