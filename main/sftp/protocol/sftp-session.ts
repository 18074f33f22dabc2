import { posix } from 'node:path';
import type { Attributes, SFTPWrapper } from 'ssh2';
import type { Disposable } from '../../../shared/base/disposable';
import { AppError } from '../../../shared/errors';
import type { SshConnection } from '../../ssh/connect/ssh-connection';
import { entryTypeOf, type FileEntry, type FileHandle, type FileStats, type FileSystem, type SpaceInfo } from './file-system';
import { receiveWindowFor, SSH2_WINDOW, widenReceiveWindow } from './receive-window';
import { RemoteHasher } from './remote-hash';
import { sftpError } from './sftp-errors';
import { tooManyEntriesError, TreeLimits } from './tree-limits';
import { createVerifiedSymlink, type LinkMaker, likelySymlinkOrder, type SymlinkOrder } from './symlink-order';

/** OpenSSH's limit when the server does not say (limits@openssh.com: 261,120 bytes). */
const OPENSSH_MAX_IO = 261_120;
const OPEN_WRITE = 0x02;
const OPEN_CREATE = 0x08;
const OPEN_EXCLUSIVE = 0x20;
/** Tries to clear a leftover before giving up: another writer may keep putting one back. */
const CREATE_ATTEMPTS = 3;

type Callback<T> = (error: Error | undefined | null, value: T) => void;
type RawEntry = { filename: string; longname: string; attrs: Attributes };
/** SSH_FX_EOF: the end of a directory listing. */
const SFTP_EOF = 1;

interface SftpInternals {
  _maxReadLen?: number;
  _maxWriteLen?: number;
  _extensions?: Record<string, string>;
  _version?: number;
  _isOpenSSH?: boolean;
}

function toStats(attrs: Attributes): FileStats {
  return { type: entryTypeOf(attrs.mode), size: attrs.size, mode: attrs.mode & 0o7777, uid: attrs.uid, gid: attrs.gid, mtime: attrs.mtime, atime: attrs.atime };
}

/** `-rw-r--r--    1 alice    staff   12 Nov 23 08:00 name`: owner and group are fields 3 and 4. */
function ownerFromLongname(longname: string): { owner?: string; group?: string } {
  const fields = longname.split(/\s+/);
  return fields.length >= 9 ? { owner: fields[2], group: fields[3] } : {};
}

/**
 * One SFTP channel on a connection: the file operations of the issue, each failure mapped to a
 * coded error naming the path. Request size follows the server's limits@openssh.com, which
 * ssh2 reads during the handshake.
 */
export class SftpSession implements FileSystem, Disposable {
  readonly isRemote = true;
  readonly where: string;
  readonly chunkSize: number;
  readonly depth = 64;
  /** realpath('.') when the session opened: the login directory. */
  home: string | undefined;
  /** What the server may send ahead on this channel: ssh2's 2 MiB, or more on a long link (see receive-window.ts). */
  receiveWindow = SSH2_WINDOW;
  /** What the server lets us have in flight on this channel (its window when it opened): an upload's limit per round trip. */
  readonly sendWindow: number;
  private readonly hasher: RemoteHasher;
  /** ssh2 never answers requests in flight when the connection dies: we fail them ourselves. */
  private readonly pending = new Set<(error: Error) => void>();
  private closedError: Error | undefined;
  /** How this server reads a symlink request, once a link made and read back showed it. */
  private symlinkOrder: SymlinkOrder | undefined;
  private isBatching = false;
  private readonly closeSubscription: Disposable;

  private constructor(
    readonly sftp: SFTPWrapper,
    readonly connection: SshConnection,
  ) {
    this.where = connection.label;
    this.hasher = new RemoteHasher(connection, this.where);
    const internals = sftp as unknown as SftpInternals;
    this.chunkSize = Math.min(internals._maxReadLen || OPENSSH_MAX_IO, internals._maxWriteLen || OPENSSH_MAX_IO);
    const failPending = () => {
      this.closedError ??= Object.assign(new Error('Not connected'), { code: 7 });
      for (const reject of [...this.pending]) reject(this.closedError);
      this.pending.clear();
    };
    this.closeSubscription = connection.onDidClose(failPending);
    sftp.on('close', failPending);
    this.sendWindow = (sftp as unknown as { outgoing?: { window?: number } }).outgoing?.window ?? 2 * 1024 * 1024;
  }

  /** The shortest of three SFTP round trips (realpath of '.'), in ms. */
  async roundTripMs(): Promise<number> {
    let shortest = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await this.realpath('.');
      shortest = Math.min(shortest, performance.now() - started);
    }
    return shortest;
  }

  static async open(connection: SshConnection): Promise<SftpSession> {
    const session = new SftpSession(await connection.sftp(), connection);
    await session.sizeWindow();
    return session;
  }

  /** One round trip measured (a realpath of '.'), and the receive window sized to it. */
  private async sizeWindow(): Promise<void> {
    const started = performance.now();
    this.home = await this.realpath('.').catch(() => undefined);
    if (this.home === undefined) return;
    const window = receiveWindowFor(performance.now() - started);
    if (window > SSH2_WINDOW && widenReceiveWindow(this.sftp, window)) this.receiveWindow = window;
  }

  /** Extensions the server offered (posix-rename@openssh.com, statvfs@openssh.com, …). */
  get extensions(): Record<string, string> {
    return (this.sftp as unknown as SftpInternals)._extensions ?? {};
  }

  /**
   * Requests issued in one turn of the event loop (64 reads of a file, the opens of 64 small
   * files) leave in one socket write instead of one each: a write is a system call, and on
   * loopback the kernel's TCP work, so this is a good part of the CPU a transfer costs.
   */
  private batchWrites(): void {
    if (this.isBatching) return;
    const socket = (this.connection.client as unknown as { _sock?: { cork?: () => void; uncork?: () => void } })._sock;
    if (!socket?.cork || !socket.uncork) return;
    socket.cork();
    this.isBatching = true;
    setImmediate(() => {
      this.isBatching = false;
      socket.uncork!();
    });
  }

  private call<T>(action: string, path: string, fn: (callback: Callback<T>) => void): Promise<T> {
    this.batchWrites();
    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => {
        this.pending.delete(fail);
        reject(sftpError(error, { action, path, where: this.where }));
      };
      if (this.closedError) return fail(this.closedError);
      this.pending.add(fail);
      try {
        fn((error, value) => {
          if (!this.pending.delete(fail)) return;
          if (error) fail(error);
          else resolve(value);
        });
      } catch (error) {
        fail(error);
      }
    });
  }

  async stat(path: string) {
    return toStats(await this.call<Attributes>('stat', path, (cb) => this.sftp.stat(path, cb)));
  }

  async lstat(path: string) {
    return toStats(await this.call<Attributes>('stat', path, (cb) => this.sftp.lstat(path, cb)));
  }

  async tryLstat(path: string): Promise<FileStats | undefined> {
    try {
      return await this.lstat(path);
    } catch (error) {
      if ((error as { code?: string }).code === 'SFTP_NO_SUCH_FILE') return undefined;
      throw error;
    }
  }

  async list(path: string): Promise<FileEntry[]> {
    const raw = await this.readAllEntries(path);
    const entries = raw
      .filter((item) => item.filename !== '.' && item.filename !== '..')
      .map((item): FileEntry => ({ name: item.filename, path: posix.join(path, item.filename), ...toStats(item.attrs), ...ownerFromLongname(item.longname) }));
    await Promise.all(
      entries
        .filter((e) => e.type === 'symlink')
        .map(async (e) => {
          e.linkTarget = await this.readlink(e.path).catch(() => undefined);
        }),
    );
    return entries;
  }

  /**
   * A directory's entries, batch by batch, up to TreeLimits.entriesPerListing: a server may list
   * without end (ssh2's readdir by path would gather until memory runs out).
   */
  private async readAllEntries(path: string): Promise<RawEntry[]> {
    const handle = await this.call<Buffer>('list', path, (cb) => this.sftp.opendir(path, cb));
    const entries: RawEntry[] = [];
    try {
      for (;;) {
        const batch = await this.call<RawEntry[] | undefined>('list', path, (cb) =>
          this.sftp.readdir(handle, (error, list) =>
            (error as { code?: unknown } | undefined)?.code === SFTP_EOF ? cb(undefined, undefined) : cb(error, list as RawEntry[]),
          ),
        );
        // The end is EOF; an empty batch ends it too (a server could send empty ones without end).
        if (!batch || batch.length === 0) break;
        for (const entry of batch) entries.push(entry);
        if (entries.length > TreeLimits.entriesPerListing) throw tooManyEntriesError(path, this.where, TreeLimits.entriesPerListing, 'the directory');
      }
    } finally {
      // Not awaited: a server that lists without end may not answer a close either.
      this.call<void>('close', path, (cb) => this.sftp.close(handle, cb as never)).catch(() => undefined);
    }
    return entries;
  }

  realpath(path: string) {
    return this.call<string>('resolve', path, (cb) => this.sftp.realpath(path, cb));
  }

  readlink(path: string) {
    return this.call<string>('read the link', path, (cb) => this.sftp.readlink(path, cb));
  }

  /** Creates the link and reads it back; the order of the request's paths is learnt from the first one (symlink-order.ts). */
  async symlink(target: string, path: string): Promise<void> {
    const internals = this.sftp as unknown as SftpInternals;
    const maker: LinkMaker = {
      where: this.where,
      home: this.home,
      sendSymlink: (order, t, p) =>
        this.call<void>('create the link', p, (cb) => {
          // ssh2 picks the order from the SSH server's name; the request is built at once, so it is told ours for this call.
          const named = internals._isOpenSSH;
          internals._isOpenSSH = order === 'openssh';
          try {
            this.sftp.symlink(t, p, cb as never);
          } finally {
            internals._isOpenSSH = named;
          }
        }),
      readlink: (p) => this.readlink(p),
      tryLstat: (p) => this.tryLstat(p),
      unlink: (p) => this.unlink(p),
    };
    this.symlinkOrder = await createVerifiedSymlink(maker, target, path, this.symlinkOrder, likelySymlinkOrder(internals._version ?? 3, this.extensions));
  }

  async mkdir(path: string, mode?: number) {
    try {
      await this.call<void>('create the directory', path, (cb) => this.sftp.mkdir(path, mode === undefined ? {} : { mode }, cb as never));
    } catch (error) {
      // SFTP v3 has no "exists" status: OpenSSH answers FAILURE.
      if ((error as { code?: string }).code === 'SFTP_FAILURE' && (await this.tryLstat(path).catch(() => undefined))) {
        throw new AppError('SFTP_ALREADY_EXISTS', `Could not create the directory ${path} on ${this.where}: it already exists.`, {
          hop: this.where,
          details: { path },
          cause: error,
        });
      }
      throw error;
    }
  }

  async rmdir(path: string) {
    try {
      await this.call<void>('remove the directory', path, (cb) => this.sftp.rmdir(path, cb as never));
    } catch (error) {
      if ((error as { code?: string }).code === 'SFTP_FAILURE') {
        const entries = await this.list(path).catch(() => []);
        if (entries.length > 0)
          throw new AppError('SFTP_NOT_EMPTY', `Could not remove the directory ${path} on ${this.where}: it is not empty (remove it recursively).`, {
            hop: this.where,
            details: { path },
          });
      }
      throw error;
    }
  }

  unlink(path: string) {
    return this.call<void>('remove', path, (cb) => this.sftp.unlink(path, cb as never));
  }

  async rename(from: string, to: string) {
    if (this.extensions['posix-rename@openssh.com']) {
      await this.call<void>(`rename ${from} to`, to, (cb) => this.sftp.ext_openssh_rename(from, to, cb as never));
      return;
    }
    // Plain SFTP rename refuses to replace: remove the target first (not atomic; only without the extension).
    await this.unlink(to).catch(() => undefined);
    await this.call<void>(`rename ${from} to`, to, (cb) => this.sftp.rename(from, to, cb as never));
  }

  chmod(path: string, mode: number) {
    return this.call<void>('change the mode of', path, (cb) => this.sftp.chmod(path, mode, cb as never));
  }

  chown(path: string, uid: number, gid: number) {
    return this.call<void>('change the owner of', path, (cb) => this.sftp.chown(path, uid, gid, cb as never));
  }

  utimes(path: string, atime: number, mtime: number) {
    return this.call<void>('set the times of', path, (cb) => this.sftp.utimes(path, atime, mtime, cb as never));
  }

  async statvfs(path: string): Promise<SpaceInfo | undefined> {
    if (!this.extensions['statvfs@openssh.com']) return undefined;
    type Raw = number | bigint | string;
    const info = await this.call<{ f_bsize: Raw; f_frsize: Raw; f_blocks: Raw; f_bfree: Raw; f_bavail: Raw }>('measure the space of', path, (cb) =>
      this.sftp.ext_openssh_statvfs(path, cb),
    );
    const unit = Number(info.f_frsize) || Number(info.f_bsize);
    return { totalBytes: Number(info.f_blocks) * unit, freeBytes: Number(info.f_bfree) * unit, availableBytes: Number(info.f_bavail) * unit };
  }

  async openRead(path: string): Promise<FileHandle> {
    const handle = await this.call<Buffer>('open', path, (cb) => this.sftp.open(path, 'r', cb));
    return this.wrapHandle(handle, path);
  }

  async openWrite(path: string, options: { create: boolean; mode?: number }): Promise<FileHandle> {
    if (!options.create) return this.openExisting(path);
    const attrs = options.mode === undefined ? {} : { mode: options.mode };
    for (let attempt = 1; ; attempt++) {
      try {
        // Exclusive: the server creates the name or fails; it never opens a link that is there.
        const handle = await this.call<Buffer>('create', path, (cb) => this.sftp.open(path, (OPEN_WRITE | OPEN_CREATE | OPEN_EXCLUSIVE) as never, attrs, cb));
        return this.wrapHandle(handle, path);
      } catch (error) {
        const leftover = attempt < CREATE_ATTEMPTS ? await this.tryLstat(path).catch(() => undefined) : undefined;
        if (!leftover) throw error;
        if (leftover.type !== 'file' && leftover.type !== 'symlink')
          throw this.refusedWrite(path, 'something that is not a file (a directory, device or pipe) is there');
        await this.unlink(path).catch((e: unknown) => {
          if (!AppError.is(e, 'SFTP_NO_SUCH_FILE')) throw e;
        });
      }
    }
  }

  /**
   * The regular file at `path`, opened for writing (a resume, or a worker joining a copy). SFTP
   * has no O_NOFOLLOW: what lstat saw before the open and what the handle's fstat sees after
   * must both be that file.
   */
  private async openExisting(path: string): Promise<FileHandle> {
    const before = await this.lstat(path);
    if (before.type !== 'file')
      throw this.refusedWrite(path, before.type === 'symlink' ? 'it is a link, which a copy never writes through' : 'it is not a regular file');
    const handle = this.wrapHandle(await this.call<Buffer>('open', path, (cb) => this.sftp.open(path, OPEN_WRITE as never, {}, cb)), path);
    const after = await handle.stat().catch(async (error: unknown) => {
      await handle.close().catch(() => undefined);
      throw error;
    });
    if (after.type !== 'file' || after.uid !== before.uid || after.gid !== before.gid || after.mode !== before.mode) {
      await handle.close().catch(() => undefined);
      throw this.refusedWrite(path, 'it was replaced while it was opened');
    }
    return handle;
  }

  private refusedWrite(path: string, why: string): AppError {
    return new AppError('SFTP_UNSAFE_NAME', `Refused to write ${path} on ${this.where}: ${why}. Remove it, then run again.`, {
      hop: this.where,
      details: { path },
    });
  }

  sha256(path: string): Promise<string | undefined> {
    return this.hasher.sha256(path);
  }

  sha256Pieces(path: string, first: number, count: number, pieceSize: number): Promise<string[] | undefined> {
    return this.hasher.sha256Pieces(path, first, count, pieceSize);
  }

  dispose(): void {
    this.closeSubscription.dispose();
    this.sftp.end();
  }

  private wrapHandle(handle: Buffer, path: string): FileHandle {
    const sftp = this.sftp;
    return {
      read: (buffer, length, position) =>
        this.call<number>('read', path, (cb) => sftp.read(handle, buffer, 0, length, position, (error, bytesRead) => cb(error, bytesRead))),
      write: (buffer, length, position) => this.call<void>('write', path, (cb) => sftp.write(handle, buffer, 0, length, position, cb as never)),
      stat: async () => toStats(await this.call<Attributes>('stat', path, (cb) => sftp.fstat(handle, cb))),
      truncate: (size) => this.call<void>('cut', path, (cb) => sftp.fsetstat(handle, { size } as never, cb as never)),
      setAttributes: ({ mode, atime, mtime }) =>
        this.call<void>('set the mode and times of', path, (cb) => sftp.fsetstat(handle, { mode, atime, mtime }, cb as never)),
      close: () => this.call<void>('close', path, (cb) => sftp.close(handle, cb as never)),
    };
  }
}
