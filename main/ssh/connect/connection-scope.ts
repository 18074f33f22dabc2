import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppError } from '../../../shared/errors';

/** The connection that code running now belongs to, and how to end it for a fault nobody caught. */
export interface ConnectionOwner {
  readonly hop: string;
  fail(error: AppError): void;
}

const owners = new AsyncLocalStorage<ConnectionOwner>();

/**
 * Runs `start` as `owner`'s: every socket, timer and promise it creates, and every event they
 * later deliver, carries the owner along. A fault that escapes all of that code can then be
 * pinned on the one connection it came from (a hop reached through another hop's channel is
 * served by that hop's socket, so its faults end the chain from there).
 */
export function runAsConnection<T>(owner: ConnectionOwner, start: () => T): T {
  return owners.run(owner, start);
}

/** The connection whose code is running now, if any. */
export function currentConnection(): ConnectionOwner | undefined {
  return owners.getStore();
}
