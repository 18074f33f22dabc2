import { AppError } from '../../../shared/errors';
import type { FileEntryData, FileListing, FileSide, TreeCount } from '../../../shared/model/files';
import type { FileEntry, FileSystem } from '../protocol/file-system';
import type { FileSides } from '../transfer/file-sides';
import { expandPath } from '../protocol/expand-path';
import { countTree, removeTree, throwIfCancelled } from '../protocol/fs-operations';
import { pathsOf } from '../protocol/safe-names';
import { inPool } from '../../base/pool';

/**
 * The file manager's operations on either side (this machine or a connected session), paths
 * as a person typed them (`~` is that side's home).
 */
export class FileBrowser {
  constructor(private readonly files: FileSides) {}

  /** `signal`: the call was cancelled (its tab closed); the listing stops with SFTP_CANCELLED. */
  list(side: FileSide, path: string, signal?: AbortSignal): Promise<FileListing> {
    const { fs, resolve } = this.sideOf(side);
    return listDirectory(fs, resolve(path), signal);
  }

  mkdir(side: FileSide, path: string): Promise<void> {
    const { fs, resolve } = this.sideOf(side);
    return fs.mkdir(resolve(path));
  }

  rename(side: FileSide, from: string, to: string): Promise<void> {
    const { fs, resolve } = this.sideOf(side);
    return renameEntry(fs, resolve(from), resolve(to));
  }

  chmod(side: FileSide, path: string, mode: number): Promise<void> {
    const { fs, resolve } = this.sideOf(side);
    return fs.chmod(resolve(path), mode);
  }

  count(side: FileSide, paths: string[], signal?: AbortSignal): Promise<TreeCount> {
    const { fs, resolve } = this.sideOf(side);
    return countTrees(fs, paths.map(resolve), signal);
  }

  remove(side: FileSide, paths: string[]): Promise<TreeCount> {
    const { fs, resolve } = this.sideOf(side);
    return removeTrees(fs, paths.map(resolve));
  }

  private sideOf(side: FileSide): { fs: FileSystem; resolve: (path: string) => string } {
    const fs = this.files.fileSystem(side);
    const home = this.files.homeOf(side);
    return { fs, resolve: (path) => expandPath(fs, home, path) };
  }
}

/** Links whose targets are looked up at once, per listing. */
const LINK_LOOKUPS_IN_FLIGHT = 8;

/** One directory, links shown as links (`isDirectoryLink` says which open as directories). */
export async function listDirectory(fs: FileSystem, path: string, signal?: AbortSignal): Promise<FileListing> {
  throwIfCancelled(signal, fs, 'listing', path);
  const [entries, space] = await Promise.all([fs.list(path), fs.statvfs(path).catch(() => undefined)]);
  const links = entries.filter((entry) => entry.type === 'symlink');
  const isDirectory = new Map<FileEntry, boolean>();
  // A dangling link (or one we may not follow) is just a link.
  await inPool(links, LINK_LOOKUPS_IN_FLIGHT, async (link) => {
    throwIfCancelled(signal, fs, 'listing', path);
    isDirectory.set(link, (await fs.stat(link.path).catch(() => undefined))?.type === 'directory');
  });
  throwIfCancelled(signal, fs, 'listing', path);
  return {
    path,
    entries: entries.map((entry) => entryData(entry, isDirectory.get(entry))),
    ...(space ? { space: { totalBytes: space.totalBytes, availableBytes: space.availableBytes } } : {}),
  };
}

function entryData(entry: FileEntry, isDirectoryLink: boolean | undefined): FileEntryData {
  const data: FileEntryData = {
    name: entry.name,
    path: entry.path,
    type: entry.type,
    size: entry.size,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    mtime: entry.mtime,
  };
  if (entry.owner !== undefined) data.owner = entry.owner;
  if (entry.group !== undefined) data.group = entry.group;
  if (entry.linkTarget !== undefined) data.linkTarget = entry.linkTarget;
  if (isDirectoryLink !== undefined) data.isDirectoryLink = isDirectoryLink;
  return data;
}

/** Renames within one side; never replaces what is at `to`. */
export async function renameEntry(fs: FileSystem, from: string, to: string): Promise<void> {
  if (from === to) return;
  if (await fs.tryLstat(to)) {
    throw new AppError(
      'SFTP_ALREADY_EXISTS',
      `Could not rename ${from} to ${to} on ${fs.where}: ${to} already exists. Pick another name, or remove it first.`,
      {
        hop: fs.isRemote ? fs.where : undefined,
        details: { path: to },
      },
    );
  }
  await fs.rename(from, to);
}

/** What removing `paths` would delete, summed. */
export async function countTrees(fs: FileSystem, paths: string[], signal?: AbortSignal): Promise<TreeCount> {
  let total: TreeCount = { files: 0, directories: 0, bytes: 0 };
  for (const path of paths) total = addCounts(total, await countTree(fs, path, signal));
  return total;
}

/** Removes each of `paths` with everything under it (links themselves, never their targets); answers what went. */
export async function removeTrees(fs: FileSystem, paths: string[]): Promise<TreeCount> {
  const root = paths.find((path) => pathsOf(fs).dirname(path) === path);
  if (root !== undefined)
    throw new AppError('INVALID_ARGUMENT', `Refused to remove ${root} on ${fs.where}: it is the root of the file system. Remove what is inside it instead.`, {
      details: { path: root },
    });
  let total: TreeCount = { files: 0, directories: 0, bytes: 0 };
  for (const path of paths) total = addCounts(total, await removeTree(fs, path));
  return total;
}

function addCounts(a: TreeCount, b: TreeCount): TreeCount {
  return { files: a.files + b.files, directories: a.directories + b.directories, bytes: a.bytes + b.bytes };
}
