/**
 * What one stream should carry before extra connections are worth their cost (a connection,
 * a thread, a second sshd): about what one connection manages when CPU is the limit.
 */
export const STREAM_TARGET_BYTES_PER_SECOND = 128 * 1024 * 1024;
export const MAX_AUTO_CONNECTIONS = 4;

export interface LinkFacts {
  /** The shortest of a few SFTP round trips. */
  roundTripMs: number;
  /** What the receiving side lets this direction have in flight on one channel. */
  windowBytes: number;
}

/**
 * How many connections a large copy should use. One SSH channel carries at most its window per
 * round trip: 2 MiB (OpenSSH's server window, so every upload) over 40 ms is ~50 MiB/s, which
 * more connections multiply; on a short link one stream is limited by CPU instead, and more
 * connections only add work.
 */
export function connectionsFor(link: LinkFacts): number {
  const seconds = Math.max(link.roundTripMs, 0.01) / 1000;
  const perStream = link.windowBytes / seconds;
  if (perStream >= STREAM_TARGET_BYTES_PER_SECOND) return 1;
  return Math.min(MAX_AUTO_CONNECTIONS, Math.ceil(STREAM_TARGET_BYTES_PER_SECOND / perStream));
}
