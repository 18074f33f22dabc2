/**
 * What one stream should carry before extra connections are worth their cost (a connection,
 * a thread, a second sshd): about what one connection manages when CPU is the limit.
 */
export const STREAM_TARGET_BYTES_PER_SECOND = 128 * 1024 * 1024;
export const MAX_AUTO_CONNECTIONS = 4;
/**
 * Below this round trip (loopback, a LAN) a link is short, whatever the window: a server with a
 * tiny window (Dropbear's 24 KiB) over 0.4 ms looks like 2 MiB over 40 ms to the arithmetic, but
 * its window comes back before one stream's CPU work is done, and extra connections only add
 * work (and threads, and server processes).
 */
export const LONG_LINK_MS = 5;

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
 * connections only add work. A tiny window does not make a short link long (LONG_LINK_MS).
 */
export function connectionsFor(link: LinkFacts): number {
  if (link.roundTripMs < LONG_LINK_MS) return 1;
  const perStream = link.windowBytes / (Math.max(link.roundTripMs, 0.01) / 1000);
  if (perStream >= STREAM_TARGET_BYTES_PER_SECOND) return 1;
  return Math.min(MAX_AUTO_CONNECTIONS, Math.ceil(STREAM_TARGET_BYTES_PER_SECOND / perStream));
}

/** What a session tells about its link: SftpSession has all three. */
export interface MeasurableLink {
  roundTripMs(): Promise<number>;
  /** The server's window: what an upload may have in flight. */
  readonly sendWindow: number;
  /** Ours: what a download may have in flight. */
  readonly receiveWindow: number;
}

export interface ConnectionChoice extends LinkFacts {
  count: number;
  /** What one stream can carry at most, in bytes per second. */
  perStream: number;
}

/**
 * Measures `link` and picks the connections for copies in `direction` ('either' takes the
 * tighter of the two windows: for a pool that serves uploads and downloads alike).
 */
export async function chooseConnections(link: MeasurableLink, direction: 'upload' | 'download' | 'either'): Promise<ConnectionChoice> {
  const roundTripMs = await link.roundTripMs();
  const windowBytes = direction === 'upload' ? link.sendWindow : direction === 'download' ? link.receiveWindow : Math.min(link.sendWindow, link.receiveWindow);
  const count = connectionsFor({ roundTripMs, windowBytes });
  return { roundTripMs, windowBytes, count, perStream: windowBytes / (Math.max(roundTripMs, 0.01) / 1000) };
}
