import type net from 'node:net';
import type { Duplex } from 'node:stream';

export interface PipeCounters {
  /** Called with the size of each chunk read from the client side. */
  onFromClient(bytes: number): void;
  /** Called with the size of each chunk read from the target side. */
  onToClient(bytes: number): void;
}

/** Sets TCP_NODELAY on a socket; Nagle's algorithm costs latency on every forwarded request. */
export function noDelay(socket: net.Socket): net.Socket {
  socket.setNoDelay(true);
  return socket;
}

/**
 * Joins two streams both ways with flow control: `pipe` pauses the faster side when the slower
 * one's buffer is full, and an ssh2 channel that is not read stops widening its window, so the
 * server stops sending. Memory stays bounded by the high-water marks whatever the volume.
 *
 * Half-close is kept (one side's EOF ends the other's writing side only). When one side is fully
 * closed, the other is ended gracefully (its queued data still flushes), then destroyed once its
 * writes are done, so nothing lingers. Resolves when both are closed.
 */
export function joinStreams(client: Duplex, target: Duplex, counters?: PipeCounters): Promise<void> {
  if (counters) {
    client.on('data', (chunk: Buffer) => counters.onFromClient(chunk.length));
    target.on('data', (chunk: Buffer) => counters.onToClient(chunk.length));
  }
  client.pipe(target);
  target.pipe(client);
  const closeAfter = (closed: Duplex, other: Duplex) => {
    closed.on('error', () => other.destroy());
    closed.once('close', () => {
      if (other.destroyed) return;
      // Whatever `other` still sends has nowhere to go: read and drop it so it can finish.
      other.unpipe(closed);
      other.resume();
      if (other.writableFinished) other.destroy();
      else {
        other.once('finish', () => other.destroy());
        other.end();
      }
    });
  };
  closeAfter(client, target);
  closeAfter(target, client);
  const closed = (stream: Duplex) => new Promise<void>((resolve) => (stream.closed ? resolve() : stream.once('close', () => resolve())));
  return Promise.all([closed(client), closed(target)]).then(() => undefined);
}
