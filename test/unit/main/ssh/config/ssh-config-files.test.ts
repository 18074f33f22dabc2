import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveHops } from '../../../../../main/ssh/config/ssh-config';
import { type FakeHome, makeFakeHome, rejection, route } from './ssh-config-home';

let fake: FakeHome;
beforeEach(() => {
  fake = makeFakeHome();
});
afterEach(() => fake.dispose());

describe('config files', () => {
  it('reads nothing when ~/.ssh/config is missing', async () => {
    expect(route(await fake.resolve({ destination: 'h' }))).toEqual(['tester@h:22']);
  });

  it('reads the system file after the user file (first value wins), but not with -F', async () => {
    fake.write('.ssh/config', 'Host h\n  User from-user-file\n');
    fake.write('etc/ssh_config', 'Host *\n  User from-system\n  Port 2222\n  HashKnownHosts yes\n');
    const [hop] = await fake.resolve({ destination: 'h' });
    expect(route([hop!])).toEqual(['from-user-file@h:2222']);
    expect(hop!.hashKnownHosts).toBe(true);
    const other = fake.write('other.conf', 'Port 3333\n');
    expect(route(await fake.resolve({ destination: 'h', configFile: other }))).toEqual(['tester@h:3333']);
    expect(route(await fake.resolve({ destination: 'h', configFile: 'none' }))).toEqual(['tester@h:22']);
  });

  it('finds ~ through the HOME of the env it is given', async () => {
    fake.write('.ssh/config', 'Port 2345\n');
    const hops = await resolveHops({ destination: 'h', env: { HOME: fake.home }, localUser: 'tester', systemConfigFile: path.join(fake.home, 'none') });
    expect(route(hops)).toEqual(['tester@h:2345']);
    expect(hops[0]!.identityFiles[0]).toBe(path.join(fake.home, '.ssh', 'id_ed25519'));
  });

  it('refuses a -F file that does not exist', async () => {
    const error = await rejection(fake.resolve({ destination: 'h', configFile: path.join(fake.home, 'nope') }));
    expect(error.code).toBe('INVALID_ARGUMENT');
  });

  it('names the file and line of a bad value, even in a block that does not apply (as OpenSSH)', async () => {
    const file = fake.write('.ssh/config', '# comment\n\nHost elsewhere\n  Port abc\n');
    const error = await rejection(fake.resolve({ destination: 'h' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(`${file} line 4: Port must be a number from 1 to 65535, not “abc”.`);
    expect(error.details).toEqual({ file, line: 4 });
  });

  it.each([
    ['Port 70000', 'Port must be'],
    ['Port 22 23', 'takes one value'],
    ['IdentityFile "unclosed', 'quote is not closed'],
    ['ConnectTimeout soon', 'ConnectTimeout must be a time'],
    ['StrictHostKeyChecking maybe', 'StrictHostKeyChecking must be'],
    ['IdentitiesOnly perhaps', 'must be yes or no'],
    ['NumberOfPasswordPrompts 0', 'from 1 to 10'],
    ['ProxyJump a,,b', 'entry of the list is empty'],
    ['PreferredAuthentications gssapi-with-mic,hostbased', 'no method Jumpgate supports'],
    ['JumpgateProxy ftp://x:1', 'JumpgateProxy must be'],
    ['JumpgateProxy socks5://no-port', 'JumpgateProxy must be'],
    ['JumpgateTerrapin ignore', 'warn or fatal'],
    ['IdentityFile %z', 'cannot use %z'],
    ['HostName %p.example', 'cannot use %p'],
    ['Match all host x', 'cannot be combined'],
    ['Match host', 'needs a value'],
    ['User', 'needs a value'],
  ])('%s → CONFIG_INVALID (%s)', async (line, reason) => {
    const file = fake.write('.ssh/config', `Host *\n  ${line}\n`);
    const error = await rejection(fake.resolve({ destination: 'h' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`${file} line 2: `);
    expect(error.message).toContain(reason);
  });

  it.skipIf(process.platform === 'win32')('refuses a user config or Include that others can write, like OpenSSH', async () => {
    fake.write('.ssh/config', 'Include extra.conf\n');
    const extra = fake.write('.ssh/extra.conf', 'Port 2222\n', 0o666);
    const error = await rejection(fake.resolve({ destination: 'h' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(extra);
    fake.write('.ssh/extra.conf', 'Port 2222\n', 0o644);
    expect(route(await fake.resolve({ destination: 'h' }))).toEqual(['tester@h:2222']);
  });
});

describe('Include', () => {
  it('reads relative paths from ~/.ssh, globs in sorted order, skips dot files', async () => {
    fake.write('.ssh/config', 'Include conf.d/*.conf\nHost *\n  IdentityFile ~/.ssh/last\n');
    fake.write('.ssh/conf.d/20-b.conf', 'IdentityFile ~/.ssh/b\nUser from-b\n');
    fake.write('.ssh/conf.d/10-a.conf', 'IdentityFile ~/.ssh/a\n');
    fake.write('.ssh/conf.d/.hidden.conf', 'User hidden\n');
    fake.write('.ssh/conf.d/notes.txt', 'User txt\n');
    const [hop] = await fake.resolve({ destination: 'h' });
    expect(hop!.user).toBe('from-b');
    expect(hop!.identityFiles.map((file) => path.basename(file))).toEqual(['a', 'b', 'last']);
  });

  it('accepts ~/ and absolute paths, several per line, and ignores patterns that match nothing', async () => {
    const absolute = fake.write('elsewhere/abs.conf', 'Port 2200\n');
    fake.write('.ssh/config', `Include ~/inc/*.conf missing/*.conf ${absolute}\n`);
    fake.write('inc/u.conf', 'User tilde\n');
    expect(route(await fake.resolve({ destination: 'h' }))).toEqual(['tilde@h:2200']);
  });

  it('applies an Include inside a Host block only when the block matches, and restores the block after it', async () => {
    fake.write('.ssh/config', ['Host special', '  Include special.conf', '  HostKeyAlias special-key', 'Host *', '  ServerAliveInterval 5'].join('\n'));
    // A Host line inside the included file does not leak out of it.
    fake.write('.ssh/special.conf', 'Port 7000\nHost nomatch\n  User never\n');
    const [special] = await fake.resolve({ destination: 'special' });
    expect(route([special!])).toEqual(['tester@special:7000']);
    expect(special!.hostKeyAlias).toBe('special-key');
    expect(special!.serverAliveInterval).toBe(5);
    const [other] = await fake.resolve({ destination: 'other' });
    expect(route([other!])).toEqual(['tester@other:22']);
  });

  it('still checks the values of a file included from a block that does not apply', async () => {
    fake.write('.ssh/config', 'Host special\n  Include special.conf\n');
    const included = fake.write('.ssh/special.conf', 'Port nope\n');
    const error = await rejection(fake.resolve({ destination: 'other' }));
    expect(error.message).toContain(`${included} line 1`);
  });

  it('reads relative Includes of the system file from its directory, and refuses ~ there', async () => {
    fake.write('etc/ssh_config', 'Include ssh_config.d/*.conf\n');
    fake.write('etc/ssh_config.d/x.conf', 'User sys-include\n');
    expect(route(await fake.resolve({ destination: 'h' }))).toEqual(['sys-include@h:22']);
    fake.write('etc/ssh_config', 'Include ~/x.conf\n');
    expect((await rejection(fake.resolve({ destination: 'h' }))).code).toBe('CONFIG_INVALID');
  });

  it('stops a file that includes itself', async () => {
    fake.write('.ssh/config', 'Include config\n');
    const error = await rejection(fake.resolve({ destination: 'h' }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('deeper than 16');
  });
});
