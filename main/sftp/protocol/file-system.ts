export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

/** What stat/lstat say about a path, the same for local and remote files. */
export interface FileStats {
  type: EntryType;
  size: number;
  /** Permission bits only (0o7777). */
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
  atime: number;
}

/** One entry of a directory listing (lstat semantics: a symlink is a symlink). */
export interface FileEntry extends FileStats {
  name: string;
  path: string;
  /** User and group names, where the server tells them. */
  owner?: string;
  group?: string;
  /** Where a symlink points, as stored in the link. */
  linkTarget?: string;
}

export interface SpaceInfo {
  totalBytes: number;
  freeBytes: number;
  availableBytes: number;
}

/** An open file, read or written at explicit positions so that many requests can be in flight. */
export interface FileHandle {
  /** Reads up to `length` bytes at `position` into `buffer`; 0 means end of file. */
  read(buffer: Buffer, length: number, position: number): Promise<number>;
  write(buffer: Buffer, length: number, position: number): Promise<void>;
  stat(): Promise<FileStats>;
  /** Cuts the file to `size` bytes (a stopped copy keeps only its written prefix). */
  truncate(size: number): Promise<void>;
  /** Sets mode and times through the open file (never by path: a path may have become a link). */
  setAttributes(attributes: { mode: number; atime?: number; mtime?: number }): Promise<void>;
  close(): Promise<void>;
}

/**
 * The operations a transfer needs from either side: this machine or an SFTP server. Every
 * failure is an AppError with an SFTP_* code (or CONNECTION_LOST) that names the path.
 */
export interface FileSystem {
  /** 'local', or the hop label of the server. */
  readonly where: string;
  readonly isRemote: boolean;
  /** Bytes per read/write request, and how many requests to keep in flight per file. */
  readonly chunkSize: number;
  readonly depth: number;
  stat(path: string): Promise<FileStats>;
  lstat(path: string): Promise<FileStats>;
  /** Undefined instead of SFTP_NO_SUCH_FILE. */
  tryLstat(path: string): Promise<FileStats | undefined>;
  list(path: string): Promise<FileEntry[]>;
  realpath(path: string): Promise<string>;
  readlink(path: string): Promise<string>;
  symlink(target: string, path: string): Promise<void>;
  mkdir(path: string, mode?: number): Promise<void>;
  rmdir(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Replaces `to` atomically where the server allows it (posix-rename@openssh.com). */
  rename(from: string, to: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  chown(path: string, uid: number, gid: number): Promise<void>;
  utimes(path: string, atime: number, mtime: number): Promise<void>;
  statvfs(path: string): Promise<SpaceInfo | undefined>;
  openRead(path: string): Promise<FileHandle>;
  /**
   * Opens for writing, never through a link. `create`: a new file, created exclusively (a
   * leftover file or link at the name is removed first, never followed; anything else there is
   * SFTP_UNSAFE_NAME). Otherwise the regular file that is there (a resume, or a worker joining a
   * copy), checked through the open handle to be one.
   */
  openWrite(path: string, options: { create: boolean; mode?: number }): Promise<FileHandle>;
  /** The file's SHA-256 in hex, or undefined where it cannot be computed (no sha256sum). */
  sha256(path: string): Promise<string | undefined>;
  /**
   * A SHA-256 of `path` that reads along as the file is written (told how far it is complete),
   * so that a download's hash is ready when its last byte lands. Only where reading is cheap.
   */
  followSha256?(path: string): HashFollower;
  /** SHA-256 of `count` pieces of `pieceSize` bytes from piece `first` on, or undefined where it cannot be computed. */
  sha256Pieces(path: string, first: number, count: number, pieceSize: number): Promise<string[] | undefined>;
}

export interface HashFollower {
  /** The first `offset` bytes are written and will not change. */
  advance(offset: number): void;
  /** The digest of the first `size` bytes. */
  finish(size: number): Promise<string>;
  /** Stops reading (the copy failed). */
  dispose(): void;
}

export function entryTypeOf(mode: number): EntryType {
  switch (mode & 0o170000) {
    case 0o100000:
      return 'file';
    case 0o040000:
      return 'directory';
    case 0o120000:
      return 'symlink';
    default:
      return 'other';
  }
}
