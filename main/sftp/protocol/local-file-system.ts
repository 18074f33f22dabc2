import { createHash } from 'node:crypto';
import { type Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileEntry, FileHandle, FileStats, FileSystem, HashFollower, SpaceInfo } from './file-system';
import { openLocalWrite } from './local-write-open';
import { localError } from './sftp-errors';
import { errnoCode } from '../../base/errno';

function toStats(stats: Stats): FileStats {
  const type = stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : stats.isSymbolicLink() ? 'symlink' : 'other';
  return {
    type,
    size: stats.size,
    mode: stats.mode & 0o7777,
    uid: stats.uid,
    gid: stats.gid,
    mtime: Math.floor(stats.mtimeMs / 1000),
    atime: Math.floor(stats.atimeMs / 1000),
  };
}

/** uid → name from a passwd or group file (`name:x:id:…`); empty where there is none (Windows). */
async function namesFrom(file: string): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const [name, , id] = line.split(':');
    if (name && id && /^\d+$/.test(id) && !names.has(Number(id))) names.set(Number(id), name);
  }
  return names;
}

let ownerNames: Promise<{ users: Map<number, string>; groups: Map<number, string> }> | undefined;

/** Owner and group names for a listing, as `ls -l` shows them (read once per process). */
function localOwnerNames(): Promise<{ users: Map<number, string>; groups: Map<number, string> }> {
  ownerNames ??= Promise.all([namesFrom('/etc/passwd'), namesFrom('/etc/group')]).then(([users, groups]) => {
    const me = (() => {
      try {
        return userInfo();
      } catch {
        return undefined;
      }
    })();
    if (me && me.uid >= 0 && !users.has(me.uid)) users.set(me.uid, me.username);
    return { users, groups };
  });
  return ownerNames;
}

/** This machine's files, behind the same interface as a server's. */
export class LocalFileSystem implements FileSystem {
  readonly where = 'local';
  readonly isRemote = false;
  // Local requests go to libuv's thread pool (4 threads): a few large ones keep it busy.
  readonly chunkSize = 1024 * 1024;
  readonly depth = 8;

  private async guard<T>(action: string, path: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw localError(error, { action, path });
    }
  }

  stat(path: string) {
    return this.guard('stat', path, async () => toStats(await fs.stat(path)));
  }

  lstat(path: string) {
    return this.guard('stat', path, async () => toStats(await fs.lstat(path)));
  }

  async tryLstat(path: string): Promise<FileStats | undefined> {
    try {
      return toStats(await fs.lstat(path));
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw localError(error, { action: 'stat', path });
    }
  }

  list(path: string) {
    return this.guard('list', path, async () => {
      const names = await fs.readdir(path);
      const { users, groups } = await localOwnerNames();
      return Promise.all(
        names.map(async (name): Promise<FileEntry> => {
          const full = join(path, name);
          const stats = toStats(await fs.lstat(full));
          const entry: FileEntry = { name, path: full, ...stats, owner: users.get(stats.uid), group: groups.get(stats.gid) };
          if (stats.type === 'symlink') entry.linkTarget = await fs.readlink(full);
          return entry;
        }),
      );
    });
  }

  realpath(path: string) {
    return this.guard('resolve', path, () => fs.realpath(path));
  }

  readlink(path: string) {
    return this.guard('read the link', path, () => fs.readlink(path));
  }

  symlink(target: string, path: string) {
    return this.guard('create the link', path, () => fs.symlink(target, path));
  }

  mkdir(path: string, mode = 0o777) {
    return this.guard('create the directory', path, async () => void (await fs.mkdir(path, { mode })));
  }

  rmdir(path: string) {
    return this.guard('remove the directory', path, () => fs.rmdir(path));
  }

  unlink(path: string) {
    return this.guard('remove', path, () => fs.unlink(path));
  }

  rename(from: string, to: string) {
    return this.guard(`rename ${from} to`, to, () => fs.rename(from, to));
  }

  chmod(path: string, mode: number) {
    return this.guard('change the mode of', path, () => fs.chmod(path, mode));
  }

  chown(path: string, uid: number, gid: number) {
    return this.guard('change the owner of', path, () => fs.chown(path, uid, gid));
  }

  utimes(path: string, atime: number, mtime: number) {
    return this.guard('set the times of', path, () => fs.utimes(path, atime, mtime));
  }

  statvfs(path: string) {
    return this.guard('measure the space of', path, async (): Promise<SpaceInfo> => {
      const s = await fs.statfs(path);
      return { totalBytes: s.blocks * s.bsize, freeBytes: s.bfree * s.bsize, availableBytes: s.bavail * s.bsize };
    });
  }

  openRead(path: string) {
    return this.guard('open', path, async () => localHandle(await fs.open(path, 'r'), path));
  }

  openWrite(path: string, options: { create: boolean; mode?: number }) {
    return this.guard(options.create ? 'create' : 'open', path, async () => localHandle(await openLocalWrite(path, options), path));
  }

  /** Hashed on a worker thread: the thread that moves the data is the bottleneck of a transfer. */
  sha256(path: string) {
    return this.guard(
      'hash',
      path,
      () =>
        new Promise<string>((resolve, reject) => {
          const worker = new Worker(HASH_WORKER, { eval: true, workerData: path });
          worker.once('message', (digest: string) => resolve(digest));
          worker.once('error', reject);
          worker.once('exit', (code) => reject(Object.assign(new Error(`hash worker exited with ${code}`), { code: 'EIO' })));
        }),
    );
  }

  followSha256(path: string): HashFollower {
    const worker = new Worker(FOLLOW_WORKER, { eval: true, workerData: path });
    let sent = 0;
    const digest = new Promise<string>((resolve, reject) => {
      worker.once('message', (hex: string) => resolve(hex));
      worker.once('error', (error) => reject(localError(error, { action: 'hash', path })));
      worker.once('exit', () => reject(localError(Object.assign(new Error('hash worker ended'), { code: 'EIO' }), { action: 'hash', path })));
    });
    digest.catch(() => undefined);
    return {
      // Told in steps of a few MiB: each message wakes the worker for one read.
      advance: (offset) => {
        if (offset - sent < FOLLOW_STEP) return;
        sent = offset;
        worker.postMessage(offset);
      },
      finish: (size) => {
        worker.postMessage(-size - 1);
        return digest.finally(() => void worker.terminate());
      },
      dispose: () => void worker.terminate(),
    };
  }

  async sha256Pieces(path: string, first: number, count: number, pieceSize: number): Promise<string[]> {
    return this.guard('hash', path, async () => {
      const handle = await fs.open(path, 'r');
      try {
        const buffer = Buffer.allocUnsafe(pieceSize);
        const digests: string[] = [];
        for (let i = first; i < first + count; i++) {
          const { bytesRead } = await handle.read(buffer, 0, pieceSize, i * pieceSize);
          digests.push(createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex'));
        }
        return digests;
      } finally {
        await handle.close();
      }
    });
  }
}

/** Self-contained (eval'd) so that it runs the same from sources, tests and the bundled CLI. */
const HASH_WORKER = `
const { createHash } = require('node:crypto');
const { readSync, openSync, closeSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const hash = createHash('sha256');
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
const fd = openSync(workerData, 'r');
for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
closeSync(fd);
parentPort.postMessage(hash.digest('hex'));
`;

const FOLLOW_STEP = 8 * 1024 * 1024;

/** Hashes a file as it is written: a number n ≥ 0 means "n bytes are complete"; -size-1 means "done at size". */
const FOLLOW_WORKER = `
const { createHash } = require('node:crypto');
const { readSync, openSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const hash = createHash('sha256');
const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
let fd;
let hashed = 0;
parentPort.on('message', (n) => {
  const isLast = n < 0;
  const upTo = isLast ? -n - 1 : n;
  fd ??= openSync(workerData, 'r');
  while (hashed < upTo) {
    const got = readSync(fd, buffer, 0, Math.min(buffer.length, upTo - hashed), hashed);
    if (got === 0) break;
    hash.update(buffer.subarray(0, got));
    hashed += got;
  }
  if (isLast) parentPort.postMessage(hash.digest('hex'));
});
`;

function localHandle(handle: fs.FileHandle, path: string): FileHandle {
  return {
    read: async (buffer, length, position) => {
      try {
        return (await handle.read(buffer, 0, length, position)).bytesRead;
      } catch (error) {
        throw localError(error, { action: 'read', path });
      }
    },
    write: async (buffer, length, position) => {
      try {
        let done = 0;
        while (done < length) done += (await handle.write(buffer, done, length - done, position + done)).bytesWritten;
      } catch (error) {
        throw localError(error, { action: 'write', path });
      }
    },
    stat: async () => toStats(await handle.stat()),
    truncate: (size) => handle.truncate(size),
    setAttributes: async ({ mode, atime, mtime }) => {
      try {
        await handle.chmod(mode);
        if (atime !== undefined && mtime !== undefined) await handle.utimes(atime, mtime);
      } catch (error) {
        throw localError(error, { action: 'set the mode and times of', path });
      }
    },
    close: () => handle.close(),
  };
}
