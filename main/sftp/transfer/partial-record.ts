import { randomBytes } from 'node:crypto';
import type { Disposable } from '../../../shared/base/disposable';
import { AppError } from '../../../shared/errors';
import type { FileSystem } from '../protocol/file-system';
import type { ByteRange } from './written-ranges';

const VERSION = 1;
/** A record is a few hundred bytes; anything much larger was not written by us. */
const MAX_RECORD_BYTES = 256 * 1024;
/** More ranges than this are saved as the largest ones: claiming less than was written is safe. */
const MAX_RANGES = 4096;
/** How often a running copy saves its record: what a kill loses is what landed since. */
export const RECORD_SAVE_MS = 1_000;

/** What the record is of: a changed source makes it worthless. */
export interface RecordedSource {
  size: number;
  mtime: number;
}

/** The record's name: beside the partial file, on the same side. */
export function recordPathFor(partial: string): string {
  return `${partial}.ranges`;
}

/**
 * Which bytes of a large file's partial copy are written, kept beside it on the destination (the
 * side that holds the partial file, so the two go together). A copy on several connections
 * leaves holes anywhere, not only near the end, so a resume needs to know where they are.
 * Saved atomically (a fresh random name, then renamed over the record) before the first byte and
 * about every second, so it never claims more than had landed. Read back only if it parses,
 * is of the same source (size and mtime) and every range lies inside the source and the partial
 * file; otherwise nothing of the partial is trusted.
 */
export class PartialRecord {
  readonly path: string;
  private lastText: string | undefined;

  constructor(
    private readonly fs: FileSystem,
    partial: string,
    private readonly source: RecordedSource,
  ) {
    this.path = recordPathFor(partial);
  }

  /** The written ranges recorded; undefined when there is no record; [] when it cannot be trusted. */
  async read(partialSize: number): Promise<ByteRange[] | undefined> {
    const stats = await this.fs.tryLstat(this.path).catch(() => null);
    if (stats === undefined) return undefined;
    if (stats === null || stats.type !== 'file' || stats.size > MAX_RECORD_BYTES) return [];
    const text = await this.readText(stats.size).catch(() => undefined);
    return text === undefined ? [] : parseRecord(text, this.source, partialSize);
  }

  /** Replaces the record with `ranges` (nothing is written when they did not change). */
  async write(ranges: readonly ByteRange[]): Promise<void> {
    const text = serializeRecord(ranges, this.source);
    if (text === this.lastText) return;
    const temporary = `${this.path}.${randomBytes(6).toString('hex')}`;
    const data = Buffer.from(text);
    const handle = await this.fs.openWrite(temporary, { create: true, mode: 0o600 });
    try {
      await handle.write(data, data.length, 0);
    } finally {
      await handle.close();
    }
    await this.fs.rename(temporary, this.path).catch(async (error: unknown) => {
      await this.fs.unlink(temporary).catch(() => undefined);
      throw error;
    });
    this.lastText = text;
  }

  async remove(): Promise<void> {
    await this.fs.unlink(this.path).catch((error: unknown) => {
      if (!AppError.is(error, 'SFTP_NO_SUCH_FILE')) throw error;
    });
    this.lastText = undefined;
  }

  private async readText(size: number): Promise<string> {
    const handle = await this.fs.openRead(this.path);
    try {
      const data = Buffer.alloc(size);
      const piece = Buffer.alloc(Math.max(1, Math.min(size, this.fs.chunkSize)));
      for (let at = 0; at < size;) {
        const n = await handle.read(piece, Math.min(piece.length, size - at), at);
        if (n === 0) break;
        piece.copy(data, at, 0, n);
        at += n;
      }
      return data.toString('utf8');
    } finally {
      await handle.close().catch(() => undefined);
    }
  }
}

export function serializeRecord(ranges: readonly ByteRange[], source: RecordedSource): string {
  const kept =
    ranges.length <= MAX_RANGES
      ? ranges
      : [...ranges]
          .sort((a, b) => b[1] - b[0] - (a[1] - a[0]))
          .slice(0, MAX_RANGES)
          .sort((a, b) => a[0] - b[0]);
  return JSON.stringify({ v: VERSION, size: source.size, mtime: source.mtime, ranges: kept.map(([start, end]) => [start, end]) });
}

/** The ranges of a record's text, or [] where anything is off: nothing is trusted then. */
export function parseRecord(text: string, source: RecordedSource, partialSize: number): ByteRange[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof data !== 'object' || data === null) return [];
  const record = data as { v?: unknown; size?: unknown; mtime?: unknown; ranges?: unknown };
  if (record.v !== VERSION || record.size !== source.size || record.mtime !== source.mtime) return [];
  if (!Array.isArray(record.ranges) || record.ranges.length > MAX_RANGES) return [];
  const limit = Math.min(source.size, partialSize);
  const ranges: ByteRange[] = [];
  let at = 0;
  for (const range of record.ranges as unknown[]) {
    if (!Array.isArray(range) || range.length !== 2) return [];
    const [start, end] = range as unknown[];
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return [];
    if ((start as number) < at || (end as number) <= (start as number) || (end as number) > limit) return [];
    ranges.push([start as number, end as number]);
    at = end as number;
  }
  return ranges;
}

/**
 * Saves a running copy's record every RECORD_SAVE_MS, one save at a time. A save that fails
 * leaves the one before, which claims less: still true.
 */
export class RecordKeeper implements Disposable {
  private readonly timer: NodeJS.Timeout;
  private saving: Promise<void> = Promise.resolve();
  private isSaving = false;

  constructor(
    private readonly record: PartialRecord,
    private readonly ranges: () => readonly ByteRange[],
  ) {
    // A save that takes longer than the interval (a slow link) is not queued behind again.
    this.timer = setInterval(() => this.isSaving || void this.save(), RECORD_SAVE_MS);
    this.timer.unref();
  }

  /** Saves what is written now, after any save under way. */
  save(): Promise<void> {
    this.isSaving = true;
    const saving = (this.saving = this.saving
      .then(() => this.record.write(this.ranges()))
      .catch(() => undefined)
      .finally(() => {
        if (this.saving === saving) this.isSaving = false;
      }));
    return saving;
  }

  /** No more saves; resolves when the one under way is done. */
  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.saving;
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
