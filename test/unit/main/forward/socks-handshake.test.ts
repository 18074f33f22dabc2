import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSocksRequest, replySocks, SocksProtocolError } from '../../../../main/forward/socks-handshake';

/** A duplex whose readable side is fed by the test and whose writes are recorded. */
function fakeSocket(...chunks: number[][]) {
  const written: Buffer[] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk);
      callback();
    },
  });
  for (const chunk of chunks) socket.push(Buffer.from(chunk));
  return { socket, written: () => Buffer.concat(written) };
}

const port = (n: number) => [n >> 8, n & 0xff];

describe('readSocksRequest', () => {
  it('SOCKS5 CONNECT by IPv4, IPv6 and host name, leaving early payload for the tunnel', async () => {
    const v4 = fakeSocket([5, 1, 0], [5, 1, 0, 1, 10, 0, 0, 5, ...port(5432), 0x68, 0x69]);
    expect(await readSocksRequest(v4.socket)).toEqual({ version: 5, host: '10.0.0.5', port: 5432 });
    expect([...v4.written()]).toEqual([5, 0]);
    expect(v4.socket.read()).toEqual(Buffer.from('hi'));

    const v6 = fakeSocket([5, 2, 2, 0, 5, 1, 0, 4, ...Array(15).fill(0), 1, ...port(22)]);
    expect(await readSocksRequest(v6.socket)).toEqual({ version: 5, host: '0:0:0:0:0:0:0:1', port: 22 });

    const name = Buffer.from('db.internal');
    const byName = fakeSocket([5, 1, 0], [5, 1, 0, 3, name.length, ...name], port(80));
    expect(await readSocksRequest(byName.socket)).toEqual({ version: 5, host: 'db.internal', port: 80 });
  });

  it('SOCKS4 and SOCKS4a', async () => {
    const v4 = fakeSocket([4, 1, ...port(80), 192, 168, 1, 2, ...Buffer.from('me'), 0]);
    expect(await readSocksRequest(v4.socket)).toEqual({ version: 4, host: '192.168.1.2', port: 80 });
    const v4a = fakeSocket([4, 1, ...port(443), 0, 0, 0, 1, 0, ...Buffer.from('example.org'), 0]);
    expect(await readSocksRequest(v4a.socket)).toEqual({ version: 4, host: 'example.org', port: 443 });
  });

  it('answers what it cannot serve with the protocol error', async () => {
    const needsAuth = fakeSocket([5, 1, 2]);
    await expect(readSocksRequest(needsAuth.socket)).rejects.toBeInstanceOf(SocksProtocolError);
    expect([...needsAuth.written()]).toEqual([5, 0xff]);

    const bind = fakeSocket([5, 1, 0, 5, 2, 0, 1, 127, 0, 0, 1, ...port(80)]);
    await expect(readSocksRequest(bind.socket)).rejects.toThrow(/only CONNECT/);
    expect(bind.written()[3]).toBe(0x07);

    const http = fakeSocket([...Buffer.from('GET / HTTP/1.1\r\n')]);
    await expect(readSocksRequest(http.socket)).rejects.toThrow(/not a SOCKS4 or SOCKS5 client/);

    const cut = fakeSocket([5, 1]);
    cut.socket.push(null);
    await expect(readSocksRequest(cut.socket)).rejects.toThrow(/closed during the SOCKS handshake/);
  });

  it('replies in each version', () => {
    const five = fakeSocket();
    replySocks(five.socket, 5, 'refused');
    expect([...five.written()]).toEqual([5, 5, 0, 1, 0, 0, 0, 0, 0, 0]);
    const four = fakeSocket();
    replySocks(four.socket, 4, 'success');
    expect([...four.written()]).toEqual([0, 0x5a, 0, 0, 0, 0, 0, 0]);
  });
});
