import type { SFTPWrapper } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { receiveWindowFor, widenReceiveWindow } from '../../../../../main/sftp/protocol/receive-window';

const MIB = 1024 * 1024;

/** The parts of an ssh2 SFTP channel the widening touches, as ssh2's CHANNEL_DATA handler drives them. */
function fakeChannel() {
  const adjusts: number[] = [];
  const pushed: (Buffer | null)[] = [];
  const channel = {
    incoming: { window: 2 * MIB },
    outgoing: { id: 7, state: 'open' },
    _protocol: { channelWindowAdjust: (id: number, amount: number) => adjusts.push(id === 7 ? amount : -1) },
    push: (data: Buffer | null) => (pushed.push(data), true),
  };
  /** What ssh2 does with a data packet: take it off the window, then push it to the channel. */
  const receive = (bytes: number) => {
    channel.incoming.window -= bytes;
    return channel.push(Buffer.alloc(bytes));
  };
  return { channel, adjusts, pushed, receive, sftp: channel as unknown as SFTPWrapper };
}

describe('widenReceiveWindow', () => {
  it('grants the server the whole window at once, then what it used once a quarter is used', () => {
    const { channel, adjusts, pushed, receive, sftp } = fakeChannel();
    expect(widenReceiveWindow(sftp, 16 * MIB)).toBe(true);
    expect(adjusts).toEqual([14 * MIB]);
    expect(channel.incoming.window).toBe(16 * MIB);

    receive(3 * MIB);
    expect(adjusts).toHaveLength(1);
    receive(1 * MIB);
    expect(adjusts).toEqual([14 * MIB, 4 * MIB]);
    expect(channel.incoming.window).toBe(16 * MIB);
    expect(pushed).toHaveLength(2);
  });

  it('sends nothing after the channel closed, and leaves end of data alone', () => {
    const { channel, adjusts, receive, sftp } = fakeChannel();
    widenReceiveWindow(sftp, 16 * MIB);
    channel.outgoing.state = 'closing';
    receive(8 * MIB);
    expect(channel.push(null)).toBe(true);
    expect(adjusts).toEqual([14 * MIB]);
  });

  it('leaves a channel alone whose internals are not what it expects', () => {
    const sftp = { push: () => true } as unknown as SFTPWrapper;
    expect(widenReceiveWindow(sftp)).toBe(false);
  });
});

describe('receiveWindowFor', () => {
  it("keeps ssh2's 2 MiB on short links and grows with the round trip up to 16 MiB", () => {
    expect(receiveWindowFor(0.2)).toBe(2 * MIB);
    expect(receiveWindowFor(5)).toBe(2 * MIB);
    expect(receiveWindowFor(10)).toBe(4 * MIB);
    expect(receiveWindowFor(40)).toBe(16 * MIB);
    expect(receiveWindowFor(300)).toBe(16 * MIB);
  });
});
