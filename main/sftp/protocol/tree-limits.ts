import { posix } from 'node:path';
import { AppError } from '../../../shared/errors';

/**
 * What a copy reads of a tree, whatever a server lists: an endless tree or listing must end in
 * an error, not in the memory of the process.
 */
export const TreeLimits = {
  /** Directory levels below the top of a copy (OpenSSH's sftp stops at 64 too). */
  depth: 64,
  /** Entries of one directory listing. */
  entriesPerListing: 250_000,
  /** Entries of a whole tree (a copy's plan, a count before a remove). */
  entriesPerTree: 1_000_000,
} as const;

export function tooDeepError(path: string, where: string): AppError {
  return new AppError(
    'SFTP_TOO_LARGE',
    `Skipped ${path} on ${where}: it lies more than ${TreeLimits.depth} directories deep (a server may list a tree without end). Copy it from a point further down.`,
    {
      hop: where === 'local' ? undefined : where,
      details: { path },
    },
  );
}

export function tooManyEntriesError(path: string, where: string, limit: number, what: string): AppError {
  return new AppError(
    'SFTP_TOO_LARGE',
    `Stopped reading ${path} on ${where}: ${what} has more than ${limit.toLocaleString('en-US')} entries (a server may list without end). Copy a part of it at a time.`,
    {
      hop: where === 'local' ? undefined : where,
      details: { path },
    },
  );
}

/**
 * Whether a link whose text is `target`, `depth` directories below the top of a copy, stays
 * inside that copy: not absolute, and its leading `..` do not climb above the top. A `..` after
 * a name is refused too: that name may itself be a link (`b -> .`, then `b/..` is outside).
 */
export function isContainedLink(target: string, depth: number): boolean {
  if (target === '' || posix.isAbsolute(target) || target.includes('\\') || target.includes('\0')) return false;
  let level = depth;
  let hasName = false;
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (hasName || --level < 0) return false;
    } else {
      hasName = true;
    }
  }
  return true;
}
