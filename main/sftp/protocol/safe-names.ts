import { posix, win32 } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { FileSystem } from './file-system';

/** Path functions for a side: POSIX on servers, the platform's own here. */
export function pathsOf(fs: FileSystem): typeof posix {
  return fs.isRemote || process.platform !== 'win32' ? posix : (win32 as unknown as typeof posix);
}

/**
 * Names in a listing come from the server and are untrusted: a name that could climb out of
 * the destination or hide a path in it is refused.
 */
export function isSafeEntryName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0') && !(process.platform === 'win32' && /[\\:]/.test(name));
}

export function unsafeNameError(name: string, directory: string, where: string): AppError {
  return new AppError(
    'SFTP_UNSAFE_NAME',
    `Refused the entry ${JSON.stringify(name)} listed in ${directory} on ${where}: a name with "/", ".." or NUL could write outside the destination.`,
    {
      hop: where === 'local' ? undefined : where,
      details: { path: directory, name },
    },
  );
}

/** True when `candidate` is `root` or inside it (both already normalised). */
export function isInside(root: string, candidate: string, paths: typeof posix): boolean {
  const relative = paths.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !paths.isAbsolute(relative));
}
