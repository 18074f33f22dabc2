import { describe, expect, it } from 'vitest';
import { chooseConnections, connectionsFor } from '../../../../../main/sftp/transfer/segment-choice';

const MIB = 1024 * 1024;

describe('connectionsFor', () => {
  it('keeps one connection where one stream is limited by CPU, not by its window', () => {
    expect(connectionsFor({ roundTripMs: 0.1, windowBytes: 2 * MIB })).toBe(1);
    expect(connectionsFor({ roundTripMs: 10, windowBytes: 2 * MIB })).toBe(1);
    // A download with the 16 MiB receive window over a 40 ms link still carries ~400 MiB/s.
    expect(connectionsFor({ roundTripMs: 40, windowBytes: 16 * MIB })).toBe(1);
  });

  it('does not count a tiny window on a short link as a long link', () => {
    // Dropbear's 24 KiB window over loopback (0.4 ms measured): the arithmetic alone says 3.
    expect(connectionsFor({ roundTripMs: 0.4, windowBytes: 24 * 1024 })).toBe(1);
    expect(connectionsFor({ roundTripMs: 4.9, windowBytes: 24 * 1024 })).toBe(1);
    // The same window over a long link is held back by it: more connections carry more.
    expect(connectionsFor({ roundTripMs: 20, windowBytes: 24 * 1024 })).toBe(4);
  });

  it('adds connections as the window per round trip falls below what one stream should carry', () => {
    expect(connectionsFor({ roundTripMs: 20, windowBytes: 2 * MIB })).toBe(2);
    expect(connectionsFor({ roundTripMs: 40, windowBytes: 2 * MIB })).toBe(3);
    expect(connectionsFor({ roundTripMs: 150, windowBytes: 2 * MIB })).toBe(4);
    expect(connectionsFor({ roundTripMs: 300, windowBytes: 16 * MIB })).toBe(3);
  });
});

describe('chooseConnections', () => {
  const link = { roundTripMs: async () => 40, sendWindow: 2 * MIB, receiveWindow: 16 * MIB };

  it('uses the window of the direction the data goes, or the tighter one for either', async () => {
    expect(await chooseConnections(link, 'upload')).toMatchObject({ count: 3, windowBytes: 2 * MIB, perStream: 50 * MIB });
    expect(await chooseConnections(link, 'download')).toMatchObject({ count: 1, windowBytes: 16 * MIB });
    expect((await chooseConnections(link, 'either')).count).toBe(3);
  });
});
