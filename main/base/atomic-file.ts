import { closeSync, fchmodSync, fsyncSync, linkSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';
import { errnoCode } from './errno';
import { linkTargetSync, notRegular } from './file-target';

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0600). */
  mode?: number;
  /** Fail with EEXIST instead of replacing an existing file. */
  exclusive?: boolean;
  /** The error for a path that is not a regular file (default: STORAGE_WRITE_FAILED). */
  notRegular?: () => AppError;
}

/**
 * Writes a file so that a crash at any moment leaves either the old content or the new one:
 * a temp file in the same folder, fsync, then rename (or link, when exclusive) over the target,
 * then fsync of the folder so the rename itself is durable.
 *
 * A symbolic link is written through to its target and stays a link. A path that is not a
 * regular file (/dev/null, a FIFO, a device, a folder) is never replaced: STORAGE_WRITE_FAILED.
 * The temp file has an unpredictable name and is created exclusively (O_CREAT|O_EXCL, so never
 * through a link planted at its name) with the final mode.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const mode = options.mode ?? 0o600;
  const target = linkTargetSync(path);
  const refuse =
    options.notRegular ??
    (() =>
      new AppError('STORAGE_WRITE_FAILED', `Could not save ${path}: ${notRegular(path)}. Move it away, or point Jumpgate at another folder (JUMPGATE_HOME).`, {
        details: { file: path },
      }));
  refuseUnlessRegular(target, refuse);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  let isTempLeft = true;
  try {
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      // The umask may have narrowed the mode given to open(); the file gets the one asked for.
      fchmodSync(fd, mode);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // Whatever appeared at the target meanwhile (a device, a FIFO) is never replaced either.
    refuseUnlessRegular(target, refuse);
    if (options.exclusive) {
      linkSync(temp, target);
    } else {
      renameSync(temp, target);
      isTempLeft = false;
    }
    syncDirectory(dirname(target));
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

/** Absent or a regular file: fine. Anything else is left alone, with a sentence saying why. */
function refuseUnlessRegular(target: string, refuse: () => AppError): void {
  let isRegular: boolean;
  try {
    isRegular = lstatSync(target).isFile();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw error;
  }
  if (!isRegular) throw refuse();
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
