import { AppError } from '../../shared/errors';
import type { FileStats, FileSystem } from './file-system';
import { isInside, isSafeEntryName, pathsOf, unsafeNameError } from './safe-names';

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
}

export interface PlanOptions {
  recursive: boolean;
  /** Copy what symlinks point to instead of the links (loops are refused). */
  followLinks: boolean;
}

/**
 * Decides what goes where, as cp and scp do: into `dstPath` when it is an existing directory
 * (or there are several sources), else to `dstPath` itself. Names listed by either side are
 * checked before they are joined to a destination path.
 */
export async function planTransfer(src: FileSystem, srcPaths: string[], dst: FileSystem, dstPath: string, options: PlanOptions): Promise<TransferPlan> {
  const plan: TransferPlan = { items: [], bytes: 0, files: 0, refused: [] };
  const dstStats = await dst.tryLstat(dstPath);
  const dstIsDir = dstStats?.type === 'directory' || (dstStats?.type === 'symlink' && (await dst.stat(dstPath).catch(() => undefined))?.type === 'directory');
  if (srcPaths.length > 1 && !dstIsDir) {
    throw new AppError(dstStats ? 'SFTP_NOT_A_DIRECTORY' : 'SFTP_NO_SUCH_FILE', `Copying several sources needs an existing directory as the destination; ${dstPath} on ${dst.where} is not one.`, { details: { path: dstPath } });
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
      throw new AppError('SFTP_IS_A_DIRECTORY', `${srcPath} on ${src.where} is a directory: copy directories with -r.`, { details: { path: srcPath } });
    }
    await walk(src, srcPath, stats, dst, target, target, options, plan, new Set());
  }
  return plan;
}

async function walk(src: FileSystem, srcPath: string, stats: FileStats, dst: FileSystem, dstPath: string, root: string, options: PlanOptions, plan: TransferPlan, ancestors: Set<string>): Promise<void> {
  const dstP = pathsOf(dst);
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
    case 'symlink':
      plan.items.push({ kind: 'symlink', srcPath, dstPath, target: await src.readlink(srcPath), stats });
      plan.files++;
      return;
    case 'other':
      plan.refused.push(new AppError('SFTP_UNSUPPORTED', `Skipped ${srcPath} on ${src.where}: it is a device, socket or pipe, not a file.`, { details: { path: srcPath } }));
      return;
    case 'directory':
      break;
  }
  // Following links can lead back up the tree: a directory already on the way down is a loop.
  const identity = options.followLinks ? await src.realpath(srcPath) : srcPath;
  if (ancestors.has(identity)) {
    plan.refused.push(new AppError('SFTP_UNSUPPORTED', `Skipped ${srcPath} on ${src.where}: a link leads back to a directory above it (a loop).`, { details: { path: srcPath } }));
    return;
  }
  plan.items.push({ kind: 'directory', srcPath, dstPath, stats });
  const entries = await src.list(srcPath);
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  const below = new Set(ancestors).add(identity);
  const seen = new Set<string>();
  for (const entry of entries) {
    // A listing that names an entry twice (say, once as a link and once as a directory) is refused too.
    if (!isSafeEntryName(entry.name) || seen.has(entry.name)) {
      plan.refused.push(unsafeNameError(entry.name, srcPath, src.where));
      continue;
    }
    seen.add(entry.name);
    let entryStats: FileStats = entry;
    if (options.followLinks && entry.type === 'symlink') {
      const followed = await src.stat(entry.path).catch(() => undefined);
      if (!followed) {
        plan.refused.push(new AppError('SFTP_NO_SUCH_FILE', `Skipped the link ${entry.path} on ${src.where}: it points to nothing.`, { details: { path: entry.path } }));
        continue;
      }
      entryStats = followed;
    }
    await walk(src, pathsOf(src).join(srcPath, entry.name), entryStats, dst, dstP.join(dstPath, entry.name), root, options, plan, below);
  }
}
