import type { AppErrorData } from '../../../shared/errors';
import type { ConnectionRecipe } from './connection-recipe';

/** One file's share for a worker: it asks for blocks of [start, end) until none are left. */
export interface SegmentJob {
  id: number;
  /** down: the server's file to a local one; up: the other way. */
  direction: 'down' | 'up';
  remotePath: string;
  localPath: string;
  chunkSize: number;
}

/** Main thread → transfer worker. */
export type ToWorker =
  | { type: 'connect'; recipe: ConnectionRecipe }
  | { type: 'copy'; job: SegmentJob }
  | { type: 'block'; id: number; block: { start: number; end: number } | undefined }
  | { type: 'stop'; id: number }
  /** The job was paused or resumed: the worker stops asking for chunks until it is resumed. */
  | { type: 'pause'; id: number }
  | { type: 'resume'; id: number }
  | { type: 'close' };

/** Transfer worker → main thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'connect-failed'; error: AppErrorData }
  | { type: 'next'; id: number }
  | { type: 'chunk'; id: number; start: number; end: number }
  | { type: 'finished'; id: number }
  | { type: 'failed'; id: number; error: AppErrorData };
