import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { writeFileAtomicSync } from '../../base/atomic-file';
import { errnoCode } from '../../base/errno';
import { linkTarget, notRegular, readRegular } from '../../base/file-target';

export { notRegular };

/**
 * The file side of known_hosts: reads that never hang, and writes that replace a regular file
 * atomically, follow symbolic links to their target, and never touch anything else.
 */

const NEW_FILE_MODE = 0o600;
const NEW_DIRECTORY_MODE = 0o700;

/** A file that cannot be read holds no entries for lookup: the caller will see the host as unknown. */
export async function readForLookup(file: string): Promise<Buffer> {
  try {
    const read = await readRegular(file);
    return read === 'special' ? Buffer.alloc(0) : read.content;
  } catch {
    return Buffer.alloc(0);
  }
}

export interface CurrentFile {
  /** The path the rename replaces: the target of a symlink, so that dotfile links survive. */
  target: string;
  content: Buffer;
  mode: number;
  exists: boolean;
  /** Not a regular file (/dev/null, a FIFO, a device): read, never written or replaced. */
  isSpecial: boolean;
}

export async function readForWrite(file: string, action: string): Promise<CurrentFile> {
  let target = file;
  try {
    target = await linkTarget(file);
    const read = await readRegular(target);
    if (read === 'special') return { target, content: Buffer.alloc(0), mode: NEW_FILE_MODE, exists: true, isSpecial: true };
    return { target, content: read.content, mode: read.mode, exists: true, isSpecial: false };
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { target, content: Buffer.alloc(0), mode: NEW_FILE_MODE, exists: false, isSpecial: false };
    throw writeFailed(file, action, error);
  }
}

/**
 * Replaces the file through the shared atomic writer (an exclusive temp file in the same
 * directory, fsync, rename), so that a crash or a full disk leaves either the old file or the new
 * one, never half of one. The file keeps the mode it had.
 */
export async function writeAtomically(file: string, current: CurrentFile, content: Buffer, action: string): Promise<void> {
  try {
    if (!current.exists) await fs.mkdir(path.dirname(current.target), { recursive: true, mode: NEW_DIRECTORY_MODE });
    writeFileAtomicSync(current.target, content, {
      mode: current.mode,
      notRegular: () => new AppError('KNOWN_HOSTS_WRITE_FAILED', `Could not ${action} ${file}: ${notRegular(file)}.`, { details: { file } }),
    });
  } catch (error) {
    throw AppError.is(error) ? error : writeFailed(file, action, error);
  }
}

const OS_REASONS: Record<string, string> = {
  EACCES: "permission denied. Check the file's permissions",
  EPERM: "permission denied. Check the file's permissions",
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full. Free some space and try again',
  EDQUOT: 'the disk quota is exhausted. Free some space and try again',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EEXIST: 'a part of its path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ELOOP: 'its path has a symbolic link loop',
};

function writeFailed(file: string, action: string, error: unknown): AppError {
  const code = errnoCode(error);
  const reason = (code !== undefined ? OS_REASONS[code] : undefined) ?? `the system reported ${code ?? 'an unknown error'}`;
  return new AppError('KNOWN_HOSTS_WRITE_FAILED', `Could not ${action} ${file}: ${reason}.`, {
    details: { file, osCode: code },
    cause: error,
  });
}
