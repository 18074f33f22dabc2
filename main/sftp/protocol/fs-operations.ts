import { AppError } from '../../../shared/errors';
import type { FileSystem } from './file-system';
import { pathsOf } from './safe-names';
import { tooDeepError, TreeLimits } from './tree-limits';

/** mkdir -p: creates each missing directory of `path`; an existing directory is fine. */
export async function mkdirp(fs: FileSystem, path: string, mode?: number): Promise<void> {
  const paths = pathsOf(fs);
  const existing = await fs.tryLstat(path);
  if (existing?.type === 'directory') return;
  if (existing?.type === 'symlink' && (await fs.stat(path).catch(() => undefined))?.type === 'directory') return;
  if (existing)
    throw new AppError('SFTP_NOT_A_DIRECTORY', `Could not create the directory ${path} on ${fs.where}: something that is not a directory is there.`, {
      details: { path },
    });
  const parent = paths.dirname(path);
  if (parent !== path) await mkdirp(fs, parent, mode);
  try {
    await fs.mkdir(path, mode);
  } catch (error) {
    // Another job may have created it meanwhile.
    if ((await fs.tryLstat(path))?.type !== 'directory') throw error;
  }
}

export interface TreeCount {
  files: number;
  directories: number;
  bytes: number;
}

/**
 * Counts what a recursive remove would delete, so the user can confirm first. Links are not
 * followed; a tree deeper than TreeLimits.depth is refused (a server may list one without end).
 * Once `signal` aborts (the window gave up) it stops walking: SFTP_CANCELLED.
 */
export async function countTree(fs: FileSystem, path: string, signal?: AbortSignal, depth = 0): Promise<TreeCount> {
  throwIfCancelled(signal, fs, 'counting', path);
  const stats = await fs.lstat(path);
  if (stats.type !== 'directory') return { files: 1, directories: 0, bytes: stats.size };
  if (depth >= TreeLimits.depth) throw tooDeepError(path, fs.where);
  const total: TreeCount = { files: 0, directories: 1, bytes: 0 };
  throwIfCancelled(signal, fs, 'counting', path);
  await eachInBatches(
    await fs.list(path),
    (entry) => (entry.type === 'directory' ? countTree(fs, entry.path, signal, depth + 1) : Promise.resolve({ files: 1, directories: 0, bytes: entry.size })),
    total,
  );
  return total;
}

/** Work a window gave up on (it closed the tab that asked) stops with SFTP_CANCELLED, naming the path. */
export function throwIfCancelled(signal: AbortSignal | undefined, fs: FileSystem, doing: string, path: string): void {
  if (signal?.aborted !== true) return;
  throw new AppError('SFTP_CANCELLED', `Stopped ${doing} ${path} on ${fs.where}: the window that asked no longer wants it.`, {
    hop: fs.isRemote ? fs.where : undefined,
    details: { path },
  });
}

/** Entries of one directory handled at once. */
const BATCH = 16;

/**
 * Runs `fn` over `entries` BATCH at a time (on a server each directory costs a round trip, so
 * siblings are listed together) and adds what each answers into `total`.
 */
async function eachInBatches<T>(entries: T[], fn: (entry: T) => Promise<TreeCount>, total: TreeCount): Promise<void> {
  for (let i = 0; i < entries.length; i += BATCH) {
    for (const sub of await Promise.all(entries.slice(i, i + BATCH).map(fn))) {
      total.files += sub.files;
      total.directories += sub.directories;
      total.bytes += sub.bytes;
    }
  }
}

/** rm -r: removes `path` and everything under it (links themselves, never their targets). */
export async function removeTree(fs: FileSystem, path: string, depth = 0): Promise<TreeCount> {
  const stats = await fs.lstat(path);
  if (stats.type !== 'directory') {
    await fs.unlink(path);
    return { files: 1, directories: 0, bytes: stats.size };
  }
  if (depth >= TreeLimits.depth) throw tooDeepError(path, fs.where);
  const total: TreeCount = { files: 0, directories: 1, bytes: 0 };
  await eachInBatches(await fs.list(path), (entry) => removeTree(fs, entry.path, depth + 1), total);
  await fs.rmdir(path);
  return total;
}

/** Reads a small file whole (for an editor); refuses files over `maxBytes`. */
export async function readSmallFile(fs: FileSystem, path: string, maxBytes = 16 * 1024 * 1024): Promise<Buffer> {
  const handle = await fs.openRead(path);
  try {
    const { size } = await handle.stat();
    if (size > maxBytes)
      throw new AppError('INVALID_ARGUMENT', `${path} on ${fs.where} is ${size} bytes, more than the ${maxBytes} an editor opens; copy it instead.`, {
        details: { path },
      });
    const chunks: Buffer[] = [];
    let position = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(fs.chunkSize, maxBytes + 1));
      const n = await handle.read(buffer, buffer.length, position);
      if (n === 0) break;
      chunks.push(buffer.subarray(0, n));
      position += n;
      if (position > maxBytes)
        throw new AppError('INVALID_ARGUMENT', `${path} on ${fs.where} grew past ${maxBytes} bytes while being read.`, { details: { path } });
    }
    return Buffer.concat(chunks);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Writes a small file (an editor's save) under a temporary name, then renames it into place. */
export async function writeSmallFile(fs: FileSystem, path: string, data: Buffer, mode?: number): Promise<void> {
  const paths = pathsOf(fs);
  const temp = paths.join(paths.dirname(path), `.${paths.basename(path)}.jgsave`);
  const previous = await fs.tryLstat(path);
  const handle = await fs.openWrite(temp, { create: true, mode: mode ?? previous?.mode ?? 0o644 });
  try {
    for (let offset = 0; offset < data.length; offset += fs.chunkSize) {
      const slice = data.subarray(offset, offset + fs.chunkSize);
      await handle.write(slice, slice.length, offset);
    }
    // The creation mode passed the umask; the previous file's mode is set exactly, through the handle.
    if (previous && mode === undefined) await handle.setAttributes({ mode: previous.mode }).catch(() => undefined);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await fs.rename(temp, path);
}
