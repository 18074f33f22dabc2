import { closeSync, constants as fsConstants, promises as fs, fstatSync, openSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { errnoCode } from './errno';

/**
 * What a path Jumpgate writes really is, shared by its own files (vault, profiles, tunnel state)
 * and known_hosts: a symbolic link is followed to its target (so dotfile links survive a
 * rewrite), and anything that is not a regular file (/dev/null, a FIFO, a device, a folder) is
 * read if it can be, never written or replaced.
 */

const MAX_LINKS = 40;

/** Opened without blocking, so that a FIFO with no writer never hangs a read. */
const READ_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

export type RegularRead = { content: Buffer; mode: number } | 'special';

/** Reads `file` if it is a regular file, checked through the handle so that the file read is the one examined. */
export async function readRegular(file: string): Promise<RegularRead> {
  const handle = await fs.open(file, READ_FLAGS);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return 'special';
    return { content: await handle.readFile(), mode: stats.mode & 0o7777 };
  } finally {
    await handle.close();
  }
}

export function readRegularSync(file: string): RegularRead {
  const fd = openSync(file, READ_FLAGS);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return 'special';
    return { content: readFileSync(fd), mode: stats.mode & 0o7777 };
  } finally {
    closeSync(fd);
  }
}

/** The file a path names after every symbolic link, a dangling one included (its target is then created, as `ssh` does). */
export async function linkTarget(file: string): Promise<string> {
  return followLinks(
    file,
    (at) => fs.realpath(at),
    (at) => fs.readlink(at),
  );
}

export function linkTargetSync(file: string): string {
  return followLinksSync(file);
}

async function followLinks(file: string, real: (at: string) => Promise<string>, read: (at: string) => Promise<string>): Promise<string> {
  let current = path.resolve(file);
  for (let links = 0; links < MAX_LINKS; links++) {
    try {
      return await real(current);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
    let next: string;
    try {
      next = await read(current);
    } catch {
      return current;
    }
    current = path.resolve(path.dirname(current), next);
  }
  throw tooManyLinks(file);
}

function followLinksSync(file: string): string {
  let current = path.resolve(file);
  for (let links = 0; links < MAX_LINKS; links++) {
    try {
      return realpathSync(current);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
    let next: string;
    try {
      next = readlinkSync(current);
    } catch {
      return current;
    }
    current = path.resolve(path.dirname(current), next);
  }
  throw tooManyLinks(file);
}

function tooManyLinks(file: string): Error {
  return Object.assign(new Error(`Too many symbolic links at ${file}`), { code: 'ELOOP' });
}

/** The sentence for a path that is not a regular file. */
export function notRegular(file: string): string {
  return `${file} is not a regular file (a device such as /dev/null, a FIFO or a folder), so Jumpgate reads it but never writes it`;
}
