import * as fs from 'node:fs/promises';
import { AppError } from '../../../shared/errors';
import { errnoCode } from '../../base/errno';

const { O_WRONLY, O_CREAT, O_EXCL } = fs.constants;
/** Not on Windows, where links need a privilege to make: there the flags are 0. */
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
/** A pipe left at the name must not block the open (a regular file ignores it). */
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/** Tries to clear a leftover before giving up: another writer may keep putting one back. */
const CREATE_ATTEMPTS = 3;

/**
 * Opens a file of a copy for writing on this machine without ever following a link at its name
 * (a server's listing can put one there, pointing anywhere). `create`: a new file, created
 * exclusively; a leftover regular file or link at the name is removed first. Otherwise the
 * regular file that is there, ours, with one name (a resume, or a worker joining a copy).
 */
export async function openLocalWrite(path: string, options: { create: boolean; mode?: number }): Promise<fs.FileHandle> {
  if (!options.create) return openExisting(path);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fs.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, options.mode ?? 0o666);
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST' || attempt === CREATE_ATTEMPTS) throw error;
    }
    await removeLeftover(path);
  }
}

async function removeLeftover(path: string): Promise<void> {
  const stats = await fs.lstat(path).catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  });
  if (!stats) return;
  if (!stats.isFile() && !stats.isSymbolicLink()) throw notAFile(path, 'something that is not a file (a directory, device or pipe) is there');
  // Unlinking a link removes the link, never what it points to.
  await fs.unlink(path).catch((error: unknown) => {
    if (errnoCode(error) !== 'ENOENT') throw error;
  });
}

async function openExisting(path: string): Promise<fs.FileHandle> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    const code = errnoCode(error);
    // ELOOP: a link; ENXIO: a pipe nobody reads.
    if (code === 'ELOOP' || code === 'ENXIO')
      throw notAFile(path, code === 'ELOOP' ? 'it is a link, which a copy never writes through' : 'it is not a regular file');
    throw error;
  }
  const stats = await handle.stat();
  const uid = process.getuid?.();
  const why = !stats.isFile()
    ? 'it is not a regular file'
    : stats.nlink !== 1
      ? 'it has other names (hard links)'
      : uid !== undefined && stats.uid !== uid
        ? 'it belongs to another user'
        : undefined;
  if (why) {
    await handle.close();
    throw notAFile(path, why);
  }
  return handle;
}

function notAFile(path: string, why: string): AppError {
  return new AppError('SFTP_UNSAFE_NAME', `Refused to write ${path} on this machine: ${why}. Remove it, then run again.`, { details: { path } });
}
