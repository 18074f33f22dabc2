import { describe, expect, it } from 'vitest';
import { listeningPorts, MAX_TABLE_CHARS, newSinceStart, parseProcNetTcp } from '../../../../main/forward/proc-net-tcp';

const HEADER4 = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const HEADER6 =
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
const tail = ' 00000000:00000000 00:00000000 00000000  1000        0 12345 1 0000000000000000 100 0 0 10 0';
const line4 = (n: number, local: string, state: string) => `   ${n}: ${local} 00000000:0000 ${state}${tail}`;
const line6 = (n: number, local: string, state: string) => `   ${n}: ${local} 00000000000000000000000000000000:0000 ${state}${tail}`;

const table = [
  HEADER4,
  line4(0, '00000000:0BB8', '0A'), // 0.0.0.0:3000 listening
  line4(1, '0100007F:1F90', '0A'), // 127.0.0.1:8080 listening
  line4(2, '0100007F:0016', '0A'), // 127.0.0.1:22, below 1024
  line4(3, '0100007F:8F47', '01'), // established
  line4(4, '0111A8C0:1389', '0A'), // 192.168.17.1:5001, another address
  HEADER6,
  line6(0, '00000000000000000000000001000000:1F91', '0A'), // [::1]:8081
  line6(1, '00000000000000000000000000000000:0BB8', '0A'), // [::]:3000, same port as IPv4
  line6(2, '00000000000000000000000000000000:2328', '0A'), // [::]:9000
  line6(3, '0000000000000000FFFF00000100007F:2329', '0A'), // [::ffff:127.0.0.1]:9001
  line6(4, 'B80D0120000000000000000001000000:232A', '0A'), // [2001:db8::1]:9002, not loopback
].join('\n');

describe('/proc/net/tcp and tcp6', () => {
  it('reads addresses in the kernel order, ports and states, IPv4 and IPv6', () => {
    const sockets = parseProcNetTcp(table)!;
    expect(sockets).toHaveLength(10);
    expect(sockets[0]).toEqual({ address: '0.0.0.0', port: 3000, state: 0x0a });
    expect(sockets[1]).toEqual({ address: '127.0.0.1', port: 8080, state: 0x0a });
    expect(sockets[3]).toEqual({ address: '127.0.0.1', port: 0x8f47, state: 1 });
    expect(sockets[4]!.address).toBe('192.168.17.1');
    expect(sockets.slice(5).map((s) => s.address)).toEqual(['::1', '::', '::', '::ffff:127.0.0.1', '2001:db8:0:0:0:0:0:1']);
  });

  it('offers listeners on loopback or every interface from 1024 up, one per port, IPv4 first', () => {
    expect(listeningPorts(parseProcNetTcp(table)!)).toEqual([
      { port: 3000, address: '0.0.0.0', remoteHost: '127.0.0.1' },
      { port: 8080, address: '127.0.0.1', remoteHost: '127.0.0.1' },
      { port: 8081, address: '::1', remoteHost: '::1' },
      { port: 9000, address: '::', remoteHost: 'localhost' },
      { port: 9001, address: '::ffff:127.0.0.1', remoteHost: '127.0.0.1' },
    ]);
  });

  it('is not a table without its header: a shell error, a banner, nothing', () => {
    expect(parseProcNetTcp('')).toBeUndefined();
    expect(parseProcNetTcp('cat: /proc/net/tcp: No such file or directory\n')).toBeUndefined();
    expect(parseProcNetTcp(line4(0, '00000000:0BB8', '0A'))).toBeUndefined();
    expect(parseProcNetTcp(`${HEADER4}\n`)).toEqual([]);
  });

  it('skips garbage lines a hostile server mixes in, and never throws', () => {
    const garbage = [
      HEADER4,
      'hello world',
      '   0: ZZZZZZZZ:0BB8 00000000:0000 0A',
      '   1: 00000000:BB8 00000000:0000 0A',
      '   2: 00000000:0BB8 00000000:0000 0A' + 'x'.repeat(1000),
      `   3: 0000000:0BB80 00000000:0000 0A${tail}`,
      '\u0000\u0001\u001b[31m',
      line4(4, '00000000:0FA0', '0A'),
      '   5: 00000000:0FA1',
    ].join('\r\n');
    expect(parseProcNetTcp(garbage)).toEqual([{ address: '0.0.0.0', port: 4000, state: 0x0a }]);
    for (let seed = 0; seed < 200; seed++) {
      const random = Array.from({ length: 300 }, (_, i) => String.fromCharCode((i * 7919 + seed * 104729) % 0x250)).join('');
      expect(() => parseProcNetTcp(`${HEADER4}\n${random}\n${random.replaceAll('a', '\n')}`)).not.toThrow();
    }
  });

  it('reads no further than its bound on a huge output', () => {
    const many = Array.from({ length: 40_000 }, (_, i) => line4(i, `00000000:${(1024 + (i % 60_000)).toString(16).toUpperCase().padStart(4, '0')}`, '0A'));
    const text = [HEADER4, ...many].join('\n');
    expect(text.length).toBeGreaterThan(MAX_TABLE_CHARS);
    const sockets = parseProcNetTcp(text)!;
    expect(sockets.length).toBeGreaterThan(1000);
    expect(sockets.length).toBeLessThan(many.length);
    expect(sockets.every((s) => s.state === 0x0a && s.address === '0.0.0.0')).toBe(true);
  });

  it('offers only what started listening after the start, and drops what stopped', () => {
    const atStart = new Set(listeningPorts(parseProcNetTcp(table)!).map((p) => p.port));
    const later = `${table}\n${line4(9, '0100007F:0BB9', '0A')}`; // 127.0.0.1:3001 now listens
    expect(newSinceStart(atStart, listeningPorts(parseProcNetTcp(later)!))).toEqual([{ port: 3001, address: '127.0.0.1', remoteHost: '127.0.0.1' }]);
    const stopped = [HEADER4, line4(0, '00000000:0BB8', '0A')].join('\n');
    expect(newSinceStart(atStart, listeningPorts(parseProcNetTcp(stopped)!))).toEqual([]);
  });
});
