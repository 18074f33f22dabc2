import { createHash } from 'node:crypto';
import { AppError } from '../../../../shared/errors';
import type { FileEntry, FileHandle, FileStats, FileSystem } from '../../../../main/sftp/protocol/file-system';

type Node = { type: 'file'; data: Buffer } | { type: 'directory' } | { type: 'symlink'; target: string };

/**
 * A server's file system in memory whose listings can say anything, as a hostile server's can.
 * `listOverride` replaces what a directory listing returns.
 */
export class MemoryFileSystem implements FileSystem {
  readonly where = 'root@evil:22';
  readonly isRemote = true;
  chunkSize = 4;
  readonly depth = 3;
  readonly nodes = new Map<string, Node>([['/', { type: 'directory' }]]);
  listOverride = new Map<string, FileEntry[]>();
  /** Writes past this many bytes fail as a dropped connection does. */
  writeBudget: number | undefined;

  private node(path: string): Node {
    const node = this.nodes.get(path);
    if (!node) throw new AppError('SFTP_NO_SUCH_FILE', `no ${path}`, { details: { path } });
    return node;
  }

  private statsOf(node: Node): FileStats {
    return { type: node.type, size: node.type === 'file' ? node.data.length : 0, mode: 0o644, uid: 0, gid: 0, mtime: 1, atime: 1 };
  }

  async stat(path: string) {
    const node = this.node(path);
    return this.statsOf(node.type === 'symlink' ? this.node(node.target) : node);
  }
  async lstat(path: string) {
    return this.statsOf(this.node(path));
  }
  async tryLstat(path: string) {
    const node = this.nodes.get(path);
    return node && this.statsOf(node);
  }
  async list(path: string): Promise<FileEntry[]> {
    const override = this.listOverride.get(path);
    if (override) return override;
    const prefix = path === '/' ? '/' : `${path}/`;
    return [...this.nodes.entries()]
      .filter(([p]) => p.startsWith(prefix) && p !== path && !p.slice(prefix.length).includes('/'))
      .map(([p, node]) => ({ name: p.slice(prefix.length), path: p, ...this.statsOf(node) }));
  }
  async realpath(path: string) {
    return path;
  }
  async readlink(path: string) {
    const node = this.node(path);
    return node.type === 'symlink' ? node.target : '';
  }
  async symlink(target: string, path: string) {
    this.nodes.set(path, { type: 'symlink', target });
  }
  async mkdir(path: string) {
    if (this.nodes.has(path)) throw new AppError('SFTP_ALREADY_EXISTS', path);
    this.nodes.set(path, { type: 'directory' });
  }
  async rmdir(path: string) {
    this.nodes.delete(path);
  }
  async unlink(path: string) {
    this.node(path);
    this.nodes.delete(path);
  }
  async rename(from: string, to: string) {
    this.nodes.set(to, this.node(from));
    this.nodes.delete(from);
  }
  async chmod() {}
  async chown() {}
  async utimes() {}
  async statvfs() {
    return undefined;
  }
  async openRead(path: string): Promise<FileHandle> {
    const node = this.node(path);
    if (node.type !== 'file') throw new AppError('SFTP_FAILURE', path);
    return {
      read: async (buffer, length, position) => node.data.copy(buffer, 0, position, Math.min(position + length, node.data.length)),
      write: async () => {},
      stat: async () => this.statsOf(node),
      truncate: async () => {},
      setAttributes: async () => {},
      close: async () => {},
    };
  }
  async openWrite(path: string, options: { create: boolean }): Promise<FileHandle> {
    const existing = this.nodes.get(path);
    if (!options.create && existing?.type !== 'file') throw new AppError('SFTP_UNSAFE_NAME', `not a file: ${path}`, { details: { path } });
    const node: Node = existing?.type === 'file' && !options.create ? existing : { type: 'file', data: Buffer.alloc(0) };
    this.nodes.set(path, node);
    return {
      read: async () => 0,
      write: async (buffer, length, position) => {
        if (this.writeBudget !== undefined) {
          if (this.writeBudget < length) throw new AppError('CONNECTION_LOST', 'The connection was lost.');
          this.writeBudget -= length;
        }
        const end = position + length;
        if (node.data.length < end) node.data = Buffer.concat([node.data, Buffer.alloc(end - node.data.length)]);
        buffer.copy(node.data, position, 0, length);
      },
      stat: async () => this.statsOf(node),
      truncate: async (size) => {
        node.data = node.data.subarray(0, size);
      },
      setAttributes: async () => {},
      close: async () => {},
    };
  }
  /** What sha256() answers; undefined as a server without sha256sum. */
  hashOf: ((path: string) => string) | undefined;
  async sha256(path: string) {
    return this.hashOf?.(path);
  }
  /** Pieces are hashed only where hashOf is set (a server with a shell). */
  async sha256Pieces(path: string, first: number, count: number, pieceSize: number) {
    if (!this.hashOf) return undefined;
    const node = this.node(path);
    if (node.type !== 'file') return undefined;
    return Array.from({ length: count }, (_, i) =>
      createHash('sha256')
        .update(node.data.subarray((first + i) * pieceSize, (first + i + 1) * pieceSize))
        .digest('hex'),
    );
  }
}
