import { AppError } from '../../../shared/errors';
import { Limiter } from '../../base/pool';
import type { FileEntry, FileStats, FileSystem } from '../protocol/file-system';
import type { posix } from 'node:path';
import { partialNameOf } from './copy-file';
import { isInside, isSafeEntryName, pathsOf, unsafeNameError } from '../protocol/safe-names';
import { isContainedLink, tooDeepError, tooManyEntriesError, TreeLimits } from '../protocol/tree-limits';

export type PlanItem =
  | { kind: 'directory'; srcPath: string; dstPath: string; stats: FileStats }
  | { kind: 'file'; srcPath: string; dstPath: string; stats: FileStats }
  | { kind: 'symlink'; srcPath: string; dstPath: string; target: string; stats: FileStats };

export interface TransferPlan {
  /** Parents before children. */
  items: PlanItem[];
  bytes: number;
  files: number;
  /** Entries refused (unsafe names, loops, devices); the rest is still copied. */
  refused: AppError[];
  /** A server's links not recreated because they point outside the copy (see PlanOptions.unsafeLinks). */
  skippedLinks: { path: string; target: string }[];
}

export interface PlanOptions {
  recursive: boolean;
  /** Copy what symlinks point to instead of the links (loops are refused). */
  followLinks: boolean;
  /**
   * Recreate a server's links even where they point outside the copy (absolute, or climbing out
   * with `..`). Off by default: such a link is skipped and reported.
   */
  unsafeLinks?: boolean;
}

/**
 * Decides what goes where, as cp and scp do: into `dstPath` when it is an existing directory
 * (or there are several sources), else to `dstPath` itself. Names listed by either side are
 * checked before they are joined to a destination path.
 */
export async function planTransfer(src: FileSystem, srcPaths: string[], dst: FileSystem, dstPath: string, options: PlanOptions): Promise<TransferPlan> {
  const plan: TransferPlan = { items: [], bytes: 0, files: 0, refused: [], skippedLinks: [] };
  const dstStats = await dst.tryLstat(dstPath);
  const dstIsDir = dstStats?.type === 'directory' || (dstStats?.type === 'symlink' && (await dst.stat(dstPath).catch(() => undefined))?.type === 'directory');
  if (srcPaths.length > 1 && !dstIsDir) {
    throw new AppError(
      dstStats ? 'SFTP_NOT_A_DIRECTORY' : 'SFTP_NO_SUCH_FILE',
      `Copying several sources needs an existing directory as the destination; ${dstPath} on ${dst.where} is not one.`,
      { details: { path: dstPath } },
    );
  }
  const srcP = pathsOf(src);
  const dstP = pathsOf(dst);
  for (const srcPath of srcPaths) {
    const stats = options.followLinks ? await src.stat(srcPath) : await src.lstat(srcPath);
    let name = srcP.basename(srcP.normalize(srcPath));
    // "host:" (the login directory), "." or "..": the real name is what it resolves to.
    if (name === '' || name === '.' || name === '..') name = srcP.basename(await src.realpath(srcPath));
    const target = dstIsDir ? dstP.join(dstPath, name) : dstPath;
    if (dstIsDir && !isSafeEntryName(name)) {
      plan.refused.push(unsafeNameError(name, srcPath, src.where));
      continue;
    }
    if (stats.type === 'directory' && !options.recursive) {
      throw new AppError('SFTP_IS_A_DIRECTORY', `${srcPath} on ${src.where} is a directory.`, {
        details: { path: srcPath },
        hint: { kind: 'copy-recursively' },
      });
    }
    // Links are judged against the top of what this source becomes: the directory it is, or the one it lands in.
    const top = stats.type === 'directory' ? target : dstP.dirname(target);
    const walkOptions: WalkOptions = { ...options, listing: new Limiter(LISTINGS_IN_FLIGHT), root: target, top, entries: { count: 0 } };
    await walk(src, srcPath, stats, dst, target, walkOptions, plan, new Set(), 0);
  }
  return plan;
}

/** At most this many listings in flight: a wide tree must not open thousands of requests at once. */
const LISTINGS_IN_FLIGHT = 8;

type WalkOptions = PlanOptions & {
  listing: Limiter;
  /** Where this source lands; nothing of it may be written outside. */
  root: string;
  /** What links must stay inside. */
  top: string;
  /** Entries listed so far, over the whole tree. */
  entries: { count: number };
};

async function walk(
  src: FileSystem,
  srcPath: string,
  stats: FileStats,
  dst: FileSystem,
  dstPath: string,
  options: WalkOptions,
  plan: TransferPlan,
  ancestors: Set<string>,
  depth: number,
): Promise<void> {
  const dstP = pathsOf(dst);
  const { root } = options;
  if (!isInside(dstP.resolve(root), dstP.resolve(dstPath), dstP)) {
    plan.refused.push(new AppError('SFTP_UNSAFE_NAME', `Refused ${srcPath}: it would be written outside ${root}.`, { details: { path: srcPath } }));
    return;
  }
  switch (stats.type) {
    case 'file':
      plan.items.push({ kind: 'file', srcPath, dstPath, stats });
      plan.bytes += stats.size;
      plan.files++;
      return;
    case 'symlink': {
      const target = await src.readlink(srcPath);
      if (src.isRemote && !options.unsafeLinks && !isContainedLink(target, levelsBelow(dstP, options.top, dstPath))) {
        plan.skippedLinks.push({ path: srcPath, target });
        return;
      }
      plan.items.push({ kind: 'symlink', srcPath, dstPath, target, stats });
      plan.files++;
      return;
    }
    case 'other':
      plan.refused.push(
        new AppError('SFTP_UNSUPPORTED', `Skipped ${srcPath} on ${src.where}: it is a device, socket or pipe, not a file.`, { details: { path: srcPath } }),
      );
      return;
    case 'directory':
      break;
  }
  // Following links can lead back up the tree: a directory already on the way down is a loop.
  const identity = options.followLinks ? await src.realpath(srcPath) : srcPath;
  if (ancestors.has(identity)) {
    plan.refused.push(
      new AppError('SFTP_UNSUPPORTED', `Skipped ${srcPath} on ${src.where}: a link leads back to a directory above it (a loop).`, {
        details: { path: srcPath },
      }),
    );
    return;
  }
  if (depth >= TreeLimits.depth) {
    plan.refused.push(tooDeepError(srcPath, src.where));
    return;
  }
  plan.items.push({ kind: 'directory', srcPath, dstPath, stats });
  const entries = await options.listing.run(() => src.list(srcPath));
  options.entries.count += entries.length;
  if (options.entries.count > TreeLimits.entriesPerTree) throw tooManyEntriesError(options.root, src.where, TreeLimits.entriesPerTree, 'the tree');
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  const below = new Set(ancestors).add(identity);
  const seen = new Set<string>();
  const children: { entry: FileEntry; stats: FileStats }[] = [];
  for (const entry of entries) {
    // A listing that names an entry twice (say, once as a link and once as a directory) is refused too.
    if (!isSafeEntryName(entry.name) || seen.has(entry.name)) {
      plan.refused.push(unsafeNameError(entry.name, srcPath, src.where));
      continue;
    }
    seen.add(entry.name);
    children.push({ entry, stats: entry });
  }
  // An entry named like a sibling's temporary file would be written where that sibling's copy writes.
  const partials = new Set([...seen].map(partialNameOf));
  for (const child of children.splice(0)) {
    if (partials.has(child.entry.name)) plan.refused.push(temporaryNameError(child.entry.name, srcPath, src.where));
    else children.push(child);
  }
  // Subdirectories are listed several at once (a round trip each): each into a plan of its own,
  // joined in order afterwards, so parents still come before children.
  const subPlans = await Promise.all(
    children.map(async (child): Promise<TransferPlan> => {
      const sub: TransferPlan = { items: [], bytes: 0, files: 0, refused: [], skippedLinks: [] };
      let entryStats = child.stats;
      if (options.followLinks && child.entry.type === 'symlink') {
        const followed = await src.stat(child.entry.path).catch(() => undefined);
        if (!followed) {
          sub.refused.push(
            new AppError('SFTP_NO_SUCH_FILE', `Skipped the link ${child.entry.path} on ${src.where}: it points to nothing.`, {
              details: { path: child.entry.path },
            }),
          );
          return sub;
        }
        entryStats = followed;
      }
      await walk(src, pathsOf(src).join(srcPath, child.entry.name), entryStats, dst, dstP.join(dstPath, child.entry.name), options, sub, below, depth + 1);
      return sub;
    }),
  );
  for (const sub of subPlans) {
    plan.items.push(...sub.items);
    plan.bytes += sub.bytes;
    plan.files += sub.files;
    plan.refused.push(...sub.refused);
    plan.skippedLinks.push(...sub.skippedLinks);
  }
}

/** How many directories below `top` the link at `path` sits. */
function levelsBelow(paths: typeof posix, top: string, path: string): number {
  const relative = paths.relative(paths.resolve(top), paths.resolve(paths.dirname(path)));
  return relative === '' ? 0 : relative.split(paths.sep).length;
}

function temporaryNameError(name: string, directory: string, where: string): AppError {
  return new AppError(
    'SFTP_UNSAFE_NAME',
    `Refused the entry ${JSON.stringify(name)} listed in ${directory} on ${where}: it has the name of the temporary file of another entry beside it. Copy it on its own.`,
    {
      hop: where === 'local' ? undefined : where,
      details: { path: directory, name },
    },
  );
}
