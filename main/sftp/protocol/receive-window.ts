import type { SFTPWrapper } from 'ssh2';

/**
 * What a download may have in flight on one SFTP channel. ssh2 grants the server a fixed
 * 2 MiB and tops it up only once half is used, so over a link with a 40 ms round trip a
 * download stalls at about 1.5 MiB per round trip (~35 MiB/s), below OpenSSH's sftp. The
 * reads we keep outstanding (64 of up to 255 KiB) bound what the server can send anyway.
 */
export const SFTP_RECEIVE_WINDOW = 16 * 1024 * 1024;

interface ChannelInternals {
  incoming?: { window: number };
  outgoing?: { id: number; state: string };
  _protocol?: { channelWindowAdjust?: (id: number, amount: number) => void };
  push?: (data: Buffer | null) => unknown;
}

/**
 * Keeps the server's allowance on this channel near SFTP_RECEIVE_WINDOW: after each piece of
 * data ssh2 hands the channel, a window adjust for what was used, once a quarter is. Uses
 * ssh2 internals; where they are not as expected it leaves ssh2's own window alone.
 * Returns whether the window was widened.
 */
export function widenReceiveWindow(sftp: SFTPWrapper, target = SFTP_RECEIVE_WINDOW): boolean {
  const channel = sftp as unknown as ChannelInternals;
  const push = channel.push;
  const adjust = channel._protocol?.channelWindowAdjust;
  if (typeof push !== 'function' || typeof adjust !== 'function' || typeof channel.incoming?.window !== 'number' || typeof channel.outgoing?.id !== 'number')
    return false;
  const incoming = channel.incoming;
  const outgoing = channel.outgoing;
  const topUp = (): void => {
    const amount = target - incoming.window;
    if (outgoing.state !== 'open' || amount < target / 4) return;
    incoming.window += amount;
    adjust.call(channel._protocol, outgoing.id, amount);
  };
  channel.push = function (this: unknown, data: Buffer | null) {
    const accepted = push.call(this, data);
    if (data !== null) topUp();
    return accepted;
  };
  topUp();
  return true;
}

/** ssh2's own window, which it keeps on every channel. */
export const SSH2_WINDOW = 2 * 1024 * 1024;
/** What the window should let one download carry per second at the measured round trip. */
const WINDOW_RATE = 400 * 1024 * 1024;

/**
 * The window for a channel whose round trip is `roundTripMs`: enough to carry WINDOW_RATE (the
 * bandwidth-delay product), between ssh2's 2 MiB and SFTP_RECEIVE_WINDOW. On a short link it
 * stays at 2 MiB: more gains nothing there, and on this machine's loopback a fresh connection
 * given 16 MiB lost packets to bursts and stalled ~1.2 s at a time on TCP retransmits.
 */
export function receiveWindowFor(roundTripMs: number): number {
  const bandwidthDelay = (roundTripMs / 1000) * WINDOW_RATE;
  return Math.round(Math.min(SFTP_RECEIVE_WINDOW, Math.max(SSH2_WINDOW, bandwidthDelay)));
}
