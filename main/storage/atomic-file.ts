import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0600). */
  mode?: number;
  /** Fail with EEXIST instead of replacing an existing file. */
  exclusive?: boolean;
}

/**
 * Writes a file so that a crash at any moment leaves either the old content or the new one:
 * a temp file in the same folder, fsync, then rename (or link, when exclusive) over the target,
 * then fsync of the folder so the rename itself is durable.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const mode = options.mode ?? 0o600;
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  let isTempLeft = true;
  try {
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.exclusive) {
      linkSync(temp, path);
    } else {
      renameSync(temp, path);
      isTempLeft = false;
    }
    syncDirectory(dirname(path));
  } finally {
    if (isTempLeft) {
      try {
        unlinkSync(temp);
      } catch {
        // Already gone; nothing to clean.
      }
    }
  }
}

function syncDirectory(dir: string): void {
  // Windows cannot open a folder for fsync; its rename is durable enough through NTFS's journal.
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the data itself is already synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
