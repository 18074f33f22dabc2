import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { FileSystem } from '../protocol/file-system';

/** Methods whose callers cannot wait (they answer at once): only a check by name is possible. */
const SYNC_METHODS = new Set<string | symbol>(['followSha256']);
/** Methods that would carry a protected folder along when given one of its parents. */
const MOVING_METHODS = new Set<string | symbol>(['rename']);

/**
 * Folders of this machine that the file manager never reads, lists, writes, moves or changes:
 * Jumpgate's own data (the vault, profiles, recordings). A renderer that is not what it seems,
 * or whoever holds the browser bridge's token, could otherwise copy vault.json to a server or
 * replace it. A path counts as inside as written and as resolved through links, so a link that
 * points into the folder does not open it either.
 */
export class ProtectedPaths {
  private readonly roots: string[];

  constructor(roots: readonly string[]) {
    this.roots = [...new Set(roots.flatMap((root) => [path.resolve(root), realpathOrSelf(path.resolve(root))]))];
  }

  /** Throws PATH_PROTECTED when `target` is inside a protected folder (or, `isMoving`, one of its parents). */
  async check(target: string, isMoving = false): Promise<void> {
    const resolved = path.resolve(target);
    this.checkResolved(target, resolved, isMoving);
    this.checkResolved(target, await realpathOfNearest(resolved), isMoving);
  }

  /** The same, by the path as written only. */
  checkByName(target: string): void {
    this.checkResolved(target, path.resolve(target), false);
  }

  private checkResolved(target: string, resolved: string, isMoving: boolean): void {
    for (const root of this.roots) {
      const isInside = resolved === root || resolved.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
      const isParent = isMoving && root.startsWith(resolved.endsWith(path.sep) ? resolved : resolved + path.sep);
      if (!isInside && !isParent) continue;
      throw new AppError(
        'PATH_PROTECTED',
        `${target} ${isInside ? 'is in' : 'holds'} Jumpgate's own data (${root}: the vault, profiles, recordings), which the file manager does not open, copy or change. Use a terminal on this computer if you really mean to.`,
        { details: { path: target, protected: root } },
      );
    }
  }
}

/**
 * This machine's files with `protectedPaths` refused: every string argument of every method is a
 * path on this side (that is the FileSystem interface's shape), so a method added later is
 * guarded too.
 */
export function protectLocalFiles(inner: FileSystem, protectedPaths: ProtectedPaths): FileSystem {
  return new Proxy(inner, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      const paths = (args: unknown[]) => args.filter((arg): arg is string => typeof arg === 'string');
      if (SYNC_METHODS.has(key)) {
        return (...args: unknown[]) => {
          for (const each of paths(args)) protectedPaths.checkByName(each);
          return method.apply(target, args);
        };
      }
      return async (...args: unknown[]) => {
        for (const each of paths(args)) await protectedPaths.check(each, MOVING_METHODS.has(key));
        return method.apply(target, args);
      };
    },
  });
}

function realpathOrSelf(target: string): string {
  try {
    return realpathSync(target);
  } catch {
    return target;
  }
}

/** The real path of `target`, or of its nearest existing parent with the rest appended. */
async function realpathOfNearest(target: string): Promise<string> {
  const rest: string[] = [];
  let current = target;
  for (;;) {
    try {
      return path.join(await realpath(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return target;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}
