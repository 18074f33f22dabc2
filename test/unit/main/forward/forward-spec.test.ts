import { describe, expect, it } from 'vitest';
import { forwardLabel, isAllInterfaces, parseForward } from '../../../../shared/model/forward-spec';
import { formatForward } from '../../../../main/cli/forward-flags';
import { parseSshArgs } from '../../../../main/cli/ssh-args';

describe('parseForward', () => {
  it.each([
    ['local', '8080:db:5432', { kind: 'local', bindPort: 8080, target: { host: 'db', port: 5432 } }],
    ['local', '127.0.0.2:8080:db:5432', { kind: 'local', bindAddress: '127.0.0.2', bindPort: 8080, target: { host: 'db', port: 5432 } }],
    ['local', 'localhost:8080:db:5432', { kind: 'local', bindPort: 8080, target: { host: 'db', port: 5432 } }],
    ['local', '*:8080:db:5432', { kind: 'local', bindAddress: '*', bindPort: 8080, target: { host: 'db', port: 5432 } }],
    ['local', '[::1]:8080:[fe80::1]:22', { kind: 'local', bindAddress: '::1', bindPort: 8080, target: { host: 'fe80::1', port: 22 } }],
    ['local', '8080/db/5432', { kind: 'local', bindPort: 8080, target: { host: 'db', port: 5432 } }],
    ['local', '5433:/run/postgresql/.s.PGSQL.5432', { kind: 'local', bindPort: 5433, target: { socketPath: '/run/postgresql/.s.PGSQL.5432' } }],
    ['remote', '0:localhost:3000', { kind: 'remote', bindPort: 0, target: { host: 'localhost', port: 3000 } }],
    ['remote', '2222:/run/app.sock', { kind: 'remote', bindPort: 2222, target: { socketPath: '/run/app.sock' } }],
    ['remote', '0.0.0.0:2222:/run/app.sock', { kind: 'remote', bindAddress: '0.0.0.0', bindPort: 2222, target: { socketPath: '/run/app.sock' } }],
    ['dynamic', '1080', { kind: 'dynamic', bindPort: 1080 }],
    ['dynamic', '0.0.0.0:1080', { kind: 'dynamic', bindAddress: '0.0.0.0', bindPort: 1080 }],
  ] as const)('%s %s', (kind, text, expected) => {
    expect(parseForward(kind, text)).toEqual(expected);
  });

  it.each([
    ['local', '8080'],
    ['local', '8080:db'],
    ['local', '70000:db:22'],
    ['local', '8080:db:0'],
    ['remote', '/tmp/listen.sock:/tmp/x.sock'],
    ['remote', 'a:b:8080:/tmp/x.sock'],
    ['dynamic', 'a:b:c'],
    ['dynamic', 'http'],
  ] as const)('rejects %s %s', (kind, text) => {
    expect(() => parseForward(kind, text)).toThrow();
  });

  it('formats back to what OpenSSH accepts', () => {
    expect(formatForward(parseForward('local', '127.0.0.1:8080:db:5432'))).toBe('-L 127.0.0.1:8080:db:5432');
    expect(formatForward(parseForward('remote', '9000:[::1]:80'))).toBe('-R 9000:[::1]:80');
    expect(formatForward(parseForward('dynamic', '*:1080'))).toBe('-D *:1080');
    expect(formatForward(parseForward('local', '5433:/run/pg.sock'))).toBe('-L 5433:/run/pg.sock');
    expect(formatForward(parseForward('remote', '2222:/run/app.sock'))).toBe('-R 2222:/run/app.sock');
  });

  it('names a forward in words for the window, without flags', () => {
    expect(forwardLabel(parseForward('local', '8080:db:80'))).toBe('localhost:8080 → db:80 (local)');
    expect(forwardLabel(parseForward('local', '127.0.0.1:8080:[::1]:5432'))).toBe('127.0.0.1:8080 → [::1]:5432 (local)');
    expect(forwardLabel(parseForward('remote', '9000:localhost:3000'))).toBe("server's localhost:9000 → localhost:3000 (remote)");
    expect(forwardLabel(parseForward('dynamic', '*:1080'))).toBe('*:1080 (SOCKS proxy)');
    expect(forwardLabel(parseForward('local', '5433:/run/pg.sock'))).toBe('localhost:5433 → /run/pg.sock (local)');
    expect(forwardLabel(parseForward('remote', '1080'))).toBe("server's localhost:1080 (SOCKS proxy from the server)");
    expect(forwardLabel(parseForward('local', '/tmp/db.sock:db:5432'))).toBe('/tmp/db.sock → db:5432 (local)');
    expect(formatForward(parseForward('remote', '1080'))).toBe('-R 1080');
    expect(formatForward(parseForward('local', '/tmp/db.sock:db:5432'))).toBe('-L /tmp/db.sock:db:5432');
  });

  it('knows which bind addresses mean every interface', () => {
    expect(['*', '', '0.0.0.0', '::'].every(isAllInterfaces)).toBe(true);
    expect([undefined, '127.0.0.1', '::1'].some(isAllInterfaces)).toBe(false);
  });
});

describe('jumpgate ssh -R to a unix socket', () => {
  it('parses from the command line as OpenSSH writes it', () => {
    const args = parseSshArgs(['-N', '-R', '2222:/run/app.sock', '-R', '127.0.0.1:0:/tmp/b.sock', 'me@host']);
    expect(args.forwards).toEqual([
      { kind: 'remote', bindPort: 2222, target: { socketPath: '/run/app.sock' } },
      { kind: 'remote', bindAddress: '127.0.0.1', bindPort: 0, target: { socketPath: '/tmp/b.sock' } },
    ]);
  });
});
