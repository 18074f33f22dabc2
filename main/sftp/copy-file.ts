import { AppError } from '../../shared/errors';
import { type Lane, pump, Watermark } from './chunk-pump';
import type { FileHandle, FileSystem, HashFollower } from './file-system';
import { resumeOffset } from './resume-offset';
import { pathsOf } from './safe-names';
import { SEGMENT_MIN_BYTES, type SegmentSource } from './segment-workers';
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
   * Worker threads with connections of their own to the remote side: a large file between this
   * machine and that server is then split over all of them (segmented transfer).
   */
  segments?: SegmentSource;
  /** Called with the offset a resume continues from. */
  onResume?: (offset: number) => void;
}

/** Hashing a small file costs a channel per file; below this the size check is the check. */
const HASH_MIN_BYTES = 4 * 1024 * 1024;

/** The temporary name beside the destination; deterministic, so a later run can resume it. */
export function partialPathFor(fs: FileSystem, dstPath: string): string {
  const paths = pathsOf(fs);
  return paths.join(paths.dirname(dstPath), partialNameOf(paths.basename(dstPath)));
}

export function partialNameOf(name: string): string {
  return `.${name}.jgpart`;
}

/** Failures after which the partial file is kept for --resume: a lost connection, or Ctrl+C. */
function keepsPartial(error: unknown): boolean {
  return AppError.is(error, 'CONNECTION_LOST') || AppError.is(error, 'KEEPALIVE_TIMEOUT') || (AppError.is(error, 'SFTP_CANCELLED') && error.details?.keepsPartial === true);
}

/**
 * Copies one file: pipelined reads and writes at explicit offsets (many requests in flight),
 * into a temporary name beside the destination, checked (size, and SHA-256 where both sides can
 * compute it), then renamed into place. A failure never leaves a partial file at the
 * destination name; a lost connection or an interrupt leaves the temporary file, cut back to
 * what was really written, for --resume.
 */
export async function copyFile(request: CopyFileRequest): Promise<void> {
  const { src, dst, control } = request;
  const partial = partialPathFor(dst, request.dstPath);
  const start = request.resume ? await resumeOffset({ src, srcPath: request.srcPath, dst, partial, size: request.size, chunkSize: chunkSizeOf(request), depth: Math.max(src.depth, dst.depth) }) : 0;
  // The source does not change while it is copied: hash it at the same time (on its own host),
  // and a local copy as its bytes land.
  const isHashed = request.verify === 'sha256' && request.size >= HASH_MIN_BYTES;
  const sourceHash = isHashed ? src.sha256(request.srcPath).catch(unlessUnreadable) : undefined;
  const follower = isHashed ? dst.followSha256?.(partial) : undefined;
  let output: FileHandle | undefined;
  try {
    // With -p the file stays open until its mode and times are set through it.
    output = await transferBytes(request, partial, start, follower);
    if (sourceHash) await verifyHash(request, sourceHash, follower ? follower.finish(request.size) : dst.sha256(partial));
    if (output) {
      const kept = output;
      output = undefined;
      await kept.setAttributes({ mode: preservedMode(request), atime: request.atime, mtime: request.mtime }).finally(() => kept.close());
    }
    await control.checkpoint();
    await dst.rename(partial, request.dstPath);
  } catch (error) {
    follower?.dispose();
    output?.close().catch(() => undefined);
    if (!keepsPartial(error)) await dst.unlink(partial).catch(() => undefined);
    throw error;
  }
}

/** A server's set-user-ID, set-group-ID and sticky bits are not kept on this side, as OpenSSH's sftp does not. */
function preservedMode(request: CopyFileRequest): number {
  return request.src.isRemote ? request.mode & 0o777 : request.mode;
}

/** A hash that cannot be computed (no tool, no shell) skips the check; one whose answer made no sense fails it. */
function unlessUnreadable(error: unknown): undefined {
  if (AppError.is(error, 'SFTP_VERIFY_FAILED')) throw error;
  return undefined;
}

/**
 * Writes [start, size) into `partial` and checks its size; on a stop, cuts it back to the written
 * prefix. With -p answers the output still open (its mode and times are set through it).
 */
async function transferBytes(request: CopyFileRequest, partial: string, start: number, follower: HashFollower | undefined): Promise<FileHandle | undefined> {
  const { src, dst, control } = request;
  const workers = request.segments && request.size - start >= SEGMENT_MIN_BYTES ? await request.segments() : undefined;
  const segments = workers?.serves(src, dst) ? workers : undefined;
  const watermark = new Watermark(start, (offset) => follower?.advance(offset));
  const handles: FileHandle[] = [];
  let first: FileHandle | undefined;
  try {
    // The first writer creates (or truncates) the file; workers open what it made. The source
    // opens meanwhile (one round trip for both).
    const opening = segments ? undefined : src.openRead(request.srcPath);
    const [writer, reader] = await Promise.allSettled([dst.openWrite(partial, { create: start === 0, mode: request.mode & 0o777 }), opening]);
    if (reader.status === 'fulfilled' && reader.value) handles.push(reader.value);
    if (writer.status === 'rejected') throw writer.reason;
    const output = (first = writer.value);
    if (reader.status === 'rejected') throw reader.reason;
    if (start > 0) {
      request.onResume?.(start);
      request.onBytes(start);
    }
    if (segments) {
      const isDown = src === segments.remote;
      const job = { direction: isDown ? 'down' : 'up', remotePath: isDown ? request.srcPath : partial, localPath: isDown ? partial : request.srcPath, chunkSize: chunkSizeOf(request) } as const;
      await segments.copy(job, { start, end: request.size, control, onBytes: request.onBytes, watermark });
    } else {
      const lane: Lane = { reader: handles[0]!, writer: output };
      const depth = Math.max(src.depth, dst.depth);
      await pump([lane], { start, end: request.size, chunkSize: chunkSizeOf(request), depth, control, onBytes: request.onBytes, onChunk: (s, e) => watermark.add(s, e), srcPath: request.srcPath, where: src.where });
    }
    // Every write is acknowledged: the stat sees every byte, and the closes cost no extra round trip.
    const isKept = request.preserve;
    if (!isKept) first = undefined;
    const [written] = await Promise.all([output.stat(), isKept ? undefined : output.close(), ...handles.splice(0).map((h) => h.close())]);
    if (written.size !== request.size) {
      throw new AppError('SFTP_VERIFY_FAILED', `The copy of ${request.srcPath} at ${partial} on ${dst.where} has ${written.size} bytes instead of ${request.size}; it was not put in place. Run again.`, { details: { path: request.dstPath } });
    }
    return isKept ? output : undefined;
  } catch (error) {
    // Writes finish out of order: past the watermark there may be holes. Cut them off, so that
    // a resume continues exactly from what was written (the destination may be gone: then the
    // resume checks the tail itself).
    if (first && keepsPartial(error)) await withinMs(first.truncate(watermark.offset), CUT_BACK_MS).catch(() => undefined);
    // Not awaited: a server that stopped answering would never confirm a close.
    for (const handle of [...handles, ...(first ? [first] : [])]) handle.close().catch(() => undefined);
    throw error;
  }
}

/** How long a stopped copy waits for its partial file to be cut back (a dead server never answers). */
const CUT_BACK_MS = 3_000;

function withinMs<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function chunkSizeOf(request: CopyFileRequest): number {
  return Math.min(request.src.chunkSize, request.dst.chunkSize);
}

async function verifyHash(request: CopyFileRequest, sourceHash: Promise<string | undefined>, copyHash: Promise<string | undefined>): Promise<void> {
  const [ours, theirs] = await Promise.all([sourceHash, copyHash.catch(unlessUnreadable)]);
  if (ours === undefined || theirs === undefined || ours === theirs) return;
  throw new AppError('SFTP_VERIFY_FAILED', `The copy of ${request.srcPath} on ${request.dst.where} does not match the source (SHA-256 differs); it was not put in place. Run again.`, { details: { path: request.dstPath } });
}
