import { AppError } from '../../../shared/errors';
import { type Lane, pump } from './chunk-pump';
import type { FileHandle, FileSystem, HashFollower } from '../protocol/file-system';
import { PartialRecord, RecordKeeper } from './partial-record';
import { resumeRanges } from './resume-offset';
import { pathsOf } from '../protocol/safe-names';
import { SEGMENT_MIN_BYTES, type SegmentSource } from './segment-workers';
import type { TransferControl } from './transfer-control';
import { bytesIn, type ByteRange, WrittenRanges } from './written-ranges';

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
export function keepsPartial(error: unknown): boolean {
  return (
    AppError.is(error, 'CONNECTION_LOST') ||
    AppError.is(error, 'KEEPALIVE_TIMEOUT') ||
    (AppError.is(error, 'SFTP_CANCELLED') && error.details?.keepsPartial === true)
  );
}

/**
 * Copies one file: pipelined reads and writes at explicit offsets (many requests in flight),
 * into a temporary name beside the destination, checked (size, and SHA-256 where both sides can
 * compute it), then renamed into place. A failure never leaves a partial file at the
 * destination name; a lost connection or an interrupt leaves the temporary file for --resume,
 * with a record of what was really written (a large file) or cut back to its written prefix.
 */
export async function copyFile(request: CopyFileRequest): Promise<void> {
  const { src, dst, control } = request;
  const partial = partialPathFor(dst, request.dstPath);
  // A large file may go over several connections, which leave holes anywhere: a record beside
  // its partial file says which bytes are written (partial-record.ts).
  const record = request.size >= SEGMENT_MIN_BYTES ? new PartialRecord(dst, partial, { size: request.size, mtime: request.mtime }) : undefined;
  const kept = request.resume
    ? await resumeRanges(
        { src, srcPath: request.srcPath, dst, partial, size: request.size, chunkSize: chunkSizeOf(request), depth: Math.max(src.depth, dst.depth) },
        record,
      )
    : [];
  // The source does not change while it is copied: hash it at the same time (on its own host),
  // and a local copy as its bytes land.
  const isHashed = request.verify === 'sha256' && request.size >= HASH_MIN_BYTES;
  const sourceHash = isHashed ? src.sha256(request.srcPath).catch(unlessUnreadable) : undefined;
  const follower = isHashed ? dst.followSha256?.(partial) : undefined;
  let output: FileHandle | undefined;
  try {
    // With -p the file stays open until its mode and times are set through it.
    output = await transferBytes(request, partial, kept, record, follower);
    if (sourceHash) await verifyHash(request, sourceHash, follower ? follower.finish(request.size) : dst.sha256(partial));
    if (output) {
      const kept = output;
      output = undefined;
      await kept.setAttributes({ mode: preservedMode(request), atime: request.atime, mtime: request.mtime }).finally(() => kept.close());
    }
    await control.checkpoint();
    await dst.rename(partial, request.dstPath);
    await record?.remove().catch(() => undefined);
  } catch (error) {
    follower?.dispose();
    output?.close().catch(() => undefined);
    if (!keepsPartial(error)) {
      await dst.unlink(partial).catch(() => undefined);
      await record?.remove().catch(() => undefined);
    }
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
 * Writes what `kept` lacks of the file into `partial` and checks its size. On a stop, a recorded
 * copy saves its record of what landed; any other cuts the file back to its written prefix.
 * With -p answers the output still open (its mode and times are set through it).
 */
async function transferBytes(
  request: CopyFileRequest,
  partial: string,
  kept: ByteRange[],
  record: PartialRecord | undefined,
  follower: HashFollower | undefined,
): Promise<FileHandle | undefined> {
  const { src, dst, control } = request;
  const landed = new WrittenRanges(kept, (offset) => follower?.advance(offset));
  const holes = landed.holes(request.size);
  // Before a byte lands the record says what is kept, so a copy killed at any moment never
  // leaves a record that claims more, nor holes without a record. Not written, the copy fails.
  await record?.write(landed.ranges);
  const workers = request.segments && bytesIn(holes) >= SEGMENT_MIN_BYTES ? await request.segments() : undefined;
  const segments = workers?.serves(src, dst) ? workers : undefined;
  const keeper = record && new RecordKeeper(record, () => landed.ranges);
  const handles: FileHandle[] = [];
  let first: FileHandle | undefined;
  try {
    // The first writer creates (or truncates) the file; workers open what it made. The source
    // opens meanwhile (one round trip for both).
    const opening = segments ? undefined : src.openRead(request.srcPath);
    const [writer, reader] = await Promise.allSettled([dst.openWrite(partial, { create: kept.length === 0, mode: request.mode & 0o777 }), opening]);
    if (reader.status === 'fulfilled' && reader.value) handles.push(reader.value);
    if (writer.status === 'rejected') throw writer.reason;
    const output = (first = writer.value);
    if (reader.status === 'rejected') throw reader.reason;
    const keptBytes = bytesIn(kept);
    if (keptBytes > 0) {
      request.onResume?.(keptBytes);
      request.onBytes(keptBytes);
    }
    if (segments) {
      const isDown = src === segments.remote;
      const job = {
        direction: isDown ? 'down' : 'up',
        remotePath: isDown ? request.srcPath : partial,
        localPath: isDown ? partial : request.srcPath,
        chunkSize: chunkSizeOf(request),
      } as const;
      await segments.copy(job, { ranges: holes, control, onBytes: request.onBytes, written: landed });
    } else {
      const lane: Lane = { reader: handles[0]!, writer: output };
      const depth = Math.max(src.depth, dst.depth);
      for (const [start, end] of holes) {
        await pump([lane], {
          start,
          end,
          chunkSize: chunkSizeOf(request),
          depth,
          control,
          onBytes: request.onBytes,
          onChunk: (s, e) => landed.add(s, e),
          srcPath: request.srcPath,
          where: src.where,
        });
      }
    }
    // Every write is acknowledged: the stat sees every byte, and the closes cost no extra round trip.
    const isKept = request.preserve;
    if (!isKept) first = undefined;
    const [written] = await Promise.all([output.stat(), isKept ? undefined : output.close(), ...handles.splice(0).map((h) => h.close())]);
    if (written.size !== request.size) {
      throw new AppError(
        'SFTP_VERIFY_FAILED',
        `The copy of ${request.srcPath} at ${partial} on ${dst.where} has ${written.size} bytes instead of ${request.size}; it was not put in place. Run again.`,
        { details: { path: request.dstPath } },
      );
    }
    return isKept ? output : undefined;
  } catch (error) {
    // Writes finish out of order: past the written prefix there may be holes. A recorded copy
    // saves what landed (writes still in flight only fill holes); any other cuts the holes off,
    // so that a resume continues exactly from what was written (the destination may be gone:
    // then the resume compares the partial file with the source in pieces).
    if (keepsPartial(error)) {
      if (keeper) await withinMs(keeper.save(), CUT_BACK_MS);
      else if (first) await withinMs(first.truncate(landed.offset), CUT_BACK_MS).catch(() => undefined);
    }
    // Not awaited: a server that stopped answering would never confirm a close.
    for (const handle of [...handles, ...(first ? [first] : [])]) handle.close().catch(() => undefined);
    throw error;
  } finally {
    // No save may land after the record is removed (a finished or failed copy).
    if (keeper) await withinMs(keeper.stop(), CUT_BACK_MS);
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
  throw new AppError(
    'SFTP_VERIFY_FAILED',
    `The copy of ${request.srcPath} on ${request.dst.where} does not match the source (SHA-256 differs); it was not put in place. Run again.`,
    { details: { path: request.dstPath } },
  );
}
