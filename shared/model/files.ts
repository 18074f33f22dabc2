import { z } from 'zod';
import { AppErrorData } from '../errors/app-error';

/** One open SFTP connection of the file manager (`f1`, `f2`, …). */
export const FilesSessionId = z
  .string()
  .regex(/^f[0-9]{1,9}$/)
  .brand<'FilesSessionId'>();
export type FilesSessionId = z.infer<typeof FilesSessionId>;

/** Where a path lives: `local` is the machine main runs on; otherwise an open SFTP session. */
export const FileSide = z.union([z.literal('local'), FilesSessionId]);
export type FileSide = z.infer<typeof FileSide>;

/** A path as the renderer sends it: any text but NUL, at most 4 KiB. */
export const FilePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => !path.includes('\0'), 'A path cannot contain NUL.');

export const EntryType = z.enum(['file', 'directory', 'symlink', 'other']);

/** One entry of a listing (lstat: a link is a link; `linkTarget` says where it points). */
export const FileEntryData = z.object({
  /** Server-supplied: shown as untrusted text. */
  name: z.string(),
  path: z.string(),
  type: EntryType,
  size: z.number().nonnegative(),
  /** Permission bits (0o7777). */
  mode: z.number().int(),
  uid: z.number().int(),
  gid: z.number().int(),
  /** Seconds since the epoch. */
  mtime: z.number(),
  owner: z.string().optional(),
  group: z.string().optional(),
  linkTarget: z.string().optional(),
  /** For a link: what it points to is a directory (so opening it lists it). */
  isDirectoryLink: z.boolean().optional(),
});
export type FileEntryData = z.infer<typeof FileEntryData>;

export const FileListing = z.object({
  /** The directory listed, resolved (`~` and `.` become absolute). */
  path: z.string(),
  entries: z.array(FileEntryData),
  /** Free space where the side tells it (statvfs@openssh.com). */
  space: z.object({ totalBytes: z.number(), availableBytes: z.number() }).optional(),
});
export type FileListing = z.infer<typeof FileListing>;

export const TreeCount = z.object({ files: z.number().int(), directories: z.number().int(), bytes: z.number() });
export type TreeCount = z.infer<typeof TreeCount>;

export const FilesSessionState = z.object({
  filesId: FilesSessionId,
  state: z.enum(['connecting', 'connected', 'closed']),
  /** What the connection is called (profile name or destination). */
  label: z.string(),
  /** The remote home directory, once connected. */
  home: z.string().optional(),
  /** Why it closed. */
  error: AppErrorData.optional(),
});
export type FilesSessionState = z.infer<typeof FilesSessionState>;

/** What to do when a name at the destination is taken; `ask` puts the question to the person. */
export const ConflictChoice = z.enum(['ask', 'overwrite', 'skip', 'rename', 'newer']);
export type ConflictChoice = z.infer<typeof ConflictChoice>;
/** The answers to a `transfer-conflict` question (null cancels the job). */
export const ConflictDecision = z.enum(['overwrite', 'skip', 'rename', 'newer']);
export type ConflictDecision = z.infer<typeof ConflictDecision>;

export const TransferJobId = z.number().int().positive();
export type TransferJobId = z.infer<typeof TransferJobId>;

export const TransferRequest = z
  .object({
    src: z.object({ side: FileSide, paths: z.array(FilePath).min(1).max(10_000) }).strict(),
    /** A directory: every source lands inside it under its own name. */
    dst: z.object({ side: FileSide, path: FilePath }).strict(),
    conflict: ConflictChoice.default('ask'),
    /** Keep modes and times (-p). */
    preserve: z.boolean().default(false),
    /** Higher runs first. */
    priority: z.number().int().min(-10).max(10).default(0),
  })
  .strict();
export type TransferRequest = z.input<typeof TransferRequest>;

export const TransferProgressData = z.object({
  bytesDone: z.number(),
  bytesTotal: z.number(),
  filesDone: z.number().int(),
  filesTotal: z.number().int(),
  filesSkipped: z.number().int(),
  /** Bytes per second over the last few seconds. */
  rate: z.number(),
  etaSeconds: z.number().optional(),
});
export type TransferProgressData = z.infer<typeof TransferProgressData>;

export const TransferState = z.enum(['queued', 'running', 'paused', 'done', 'failed', 'cancelled']);

export const TransferStatus = z.object({
  id: TransferJobId,
  state: TransferState,
  direction: z.enum(['upload', 'download', 'remote', 'local']),
  /** `3 items from local to prod:/srv/www`, for a list of jobs. */
  title: z.string(),
  src: z.object({ side: FileSide, where: z.string(), paths: z.array(z.string()) }),
  dst: z.object({ side: FileSide, where: z.string(), path: z.string() }),
  priority: z.number().int(),
  progress: TransferProgressData.optional(),
  result: z
    .object({
      filesCopied: z.number().int(),
      filesSkipped: z.number().int(),
      bytes: z.number(),
      bytesResumed: z.number(),
      /** A server's links not recreated because they point outside the copy: how many, and the first few. */
      linksSkipped: z.object({ count: z.number().int(), first: z.array(z.object({ path: z.string(), target: z.string() })) }).optional(),
    })
    .optional(),
  /** The first failure; `errorCount` says how many entries failed in all. */
  error: AppErrorData.optional(),
  errorCount: z.number().int().optional(),
});
export type TransferStatus = z.infer<typeof TransferStatus>;
