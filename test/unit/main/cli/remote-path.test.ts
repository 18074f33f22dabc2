import { describe, expect, it } from 'vitest';
import { endpointOf, parseLocation } from '../../../../main/cli/remote-path';

describe('parseLocation (scp rules)', () => {
  it.each([
    ['host:/etc/hosts', { kind: 'remote', user: undefined, host: 'host', path: '/etc/hosts' }],
    ['me@host:file name', { kind: 'remote', user: 'me', host: 'host', path: 'file name' }],
    ['host:', { kind: 'remote', user: undefined, host: 'host', path: '.' }],
    ['me@[::1]:/tmp/x', { kind: 'remote', user: 'me', host: '::1', path: '/tmp/x' }],
    ['./a:b', { kind: 'local', path: './a:b' }],
    ['/abs/a:b', { kind: 'local', path: '/abs/a:b' }],
    ['plain.txt', { kind: 'local', path: 'plain.txt' }],
    [':oops', { kind: 'local', path: ':oops' }],
    ['dir/me@host:x', { kind: 'local', path: 'dir/me@host:x' }],
  ])('%s', (text, expected) => {
    expect(parseLocation(text)).toEqual(expected);
  });

  it('keys connections by user and host, bracketing IPv6', () => {
    expect(endpointOf(parseLocation('me@[::1]:/x'))).toBe('me@[::1]');
    expect(endpointOf(parseLocation('host:/x'))).toBe('host');
    expect(endpointOf(parseLocation('/x'))).toBe('local');
  });
});
