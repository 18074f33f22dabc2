import type { Event } from '../../../shared/base/event';
import type { AppError } from '../../../shared/errors';
import type { FileSide, FilesSessionId } from '../../../shared/model/files';
import type { FileSystem } from '../protocol/file-system';
import type { SegmentSource } from './segment-workers';

export interface FilesClosed {
  filesId: FilesSessionId;
  /** Why it closed; undefined when the person closed it. */
  error: AppError | undefined;
}

/** What file operations and transfers need of the sessions (the file manager provides it). */
export interface FileSides {
  /** The files of a side; SESSION_NOT_CONNECTED (or SESSION_CLOSED) when its session is not connected. */
  fileSystem(side: FileSide): FileSystem;
  homeOf(side: FileSide): string;
  labelOf(side: FileSide): string;
  /** Worker threads with connections of their own to this side's server, for large files (undefined for 'local'). */
  segmentsFor(side: FileSide): SegmentSource | undefined;
  /** A session closed (lost, or closed by the person): its transfers cannot go on. */
  readonly onDidClose: Event<FilesClosed>;
}
