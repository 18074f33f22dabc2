import { AppError } from '../../../shared/errors';
import type { FileHandle } from '../protocol/file-system';
import type { TransferControl } from './transfer-control';

export interface PumpOptions {
  start: number;
  /** Where this run stops (the file's size, or the end of a segment). */
  end: number;
  chunkSize: number;
  depth: number;
  control: TransferControl;
  onBytes: (bytes: number) => void;
  /** Called as each chunk is completely written. */
  onChunk?: (start: number, end: number) => void;
  srcPath: string;
  where: string;
}

export interface Lane {
  reader: FileHandle;
  writer: FileHandle;
}

/**
 * `depth` workers shared among the lanes, each with its own buffer, take the next chunk, read
 * it and write it. Chunks are handed out in order, so at most `depth` of them are unfinished,
 * however many connections there are.
 */
export async function pump(lanes: Lane[], options: PumpOptions): Promise<void> {
  let next = options.start;
  let failure: unknown;
  const worker = async ({ reader, writer }: Lane) => {
    // A small file needs a small buffer: 255 KiB per file adds up to a lot of garbage in a tree.
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(options.chunkSize, options.end - options.start)));
    while (failure === undefined && next < options.end) {
      await options.control.checkpoint();
      const start = next;
      const end = Math.min(start + options.chunkSize, options.end);
      next = end;
      for (let offset = start; offset < end;) {
        const n = await Promise.race([reader.read(buffer, end - offset, offset), options.control.stopped]);
        if (n === 0) {
          throw new AppError(
            'SFTP_VERIFY_FAILED',
            `${options.srcPath} on ${options.where} ended at ${offset} bytes instead of ${options.end}: it changed while being copied. Run again.`,
            { details: { path: options.srcPath } },
          );
        }
        await Promise.race([writer.write(buffer, n, offset), options.control.stopped]);
        offset += n;
        options.onBytes(n);
      }
      options.onChunk?.(start, end);
    }
  };
  const chunks = Math.ceil((options.end - options.start) / options.chunkSize);
  const workers = Array.from({ length: Math.max(1, Math.min(Math.max(options.depth, lanes.length), chunks)) }, (_, i) =>
    worker(lanes[i % lanes.length]!).catch((error: unknown) => {
      failure ??= error;
    }),
  );
  await Promise.all(workers);
  if (failure !== undefined) throw failure;
}
