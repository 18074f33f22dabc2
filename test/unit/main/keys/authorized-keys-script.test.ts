import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INSTALL_COMMAND, type InstallMode } from '../../../../main/keys/authorized-keys-install';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

const KEY = { type: 'ssh-ed25519', base64: 'AAAAC3NzaC1lZDI1NTE5AAAAIBI7CaZBrgBR/hryHfqS7SOp9B0/n78d6NApSnGBoORV' };
const LINE = `${KEY.type} ${KEY.base64} me@laptop`;

let home: TempDir;
afterEach(() => home?.dispose());

/** Runs the command a host runs, under a login shell, as sshd would: `<shell> -c <command>`. */
function runOn(shell: string, mode: InstallMode, line = LINE): { stdout: string; status: number | null } {
  const result = spawnSync(shell, ['-c', INSTALL_COMMAND], {
    env: { PATH: process.env.PATH, HOME: home.path },
    input: `${mode}\n${KEY.type}\n${KEY.base64}\n${line}\n`,
    encoding: 'utf8',
  });
  return { stdout: result.stdout, status: result.status };
}

const authorizedKeys = () => join(home.path, '.ssh', 'authorized_keys');

describe.each(['/bin/sh', '/bin/bash', '/bin/dash'])('the install script under %s', (shell) => {
  it('creates ~/.ssh 0700 and authorized_keys 0600 when missing, then adds the key once', () => {
    home = makeTempDir('home');
    expect(runOn(shell, 'add')).toEqual({ stdout: 'jumpgate-key-added\n', status: 0 });
    expect(runOn(shell, 'add')).toEqual({ stdout: 'jumpgate-key-present\n', status: 0 });
    expect(readFileSync(authorizedKeys(), 'utf8')).toBe(`${LINE}\n`);
    expect(statSync(join(home.path, '.ssh')).mode & 0o777).toBe(0o700);
    expect(statSync(authorizedKeys()).mode & 0o777).toBe(0o600);
  });

  it('knows the key by type and base64 whatever its options or comment, and keeps every other byte', () => {
    home = makeTempDir('home');
    mkdirSync(join(home.path, '.ssh'), { mode: 0o755 });
    const before = `# mine\nfrom="10.0.0.0/8",no-pty ${KEY.type} ${KEY.base64} other comment\n`;
    writeFileSync(authorizedKeys(), before, { mode: 0o640 });
    expect(runOn(shell, 'add').stdout).toBe('jumpgate-key-present\n');
    expect(readFileSync(authorizedKeys(), 'utf8')).toBe(before);
    expect(statSync(authorizedKeys()).mode & 0o777).toBe(0o640);
  });

  it('starts a new line after a last line without one, and leaves a similar key alone', () => {
    home = makeTempDir('home');
    mkdirSync(join(home.path, '.ssh'));
    // Same base64 as a prefix of a longer one, and the type alone: neither is this key.
    const before = `ssh-ed25519 ${KEY.base64}AAAA x\nssh-rsa ${KEY.base64} y`;
    writeFileSync(authorizedKeys(), before);
    expect(runOn(shell, 'add').stdout).toBe('jumpgate-key-added\n');
    expect(readFileSync(authorizedKeys(), 'utf8')).toBe(`${before}\n${LINE}\n`);
  });

  it('only looks in check mode, and appends without looking when forced', () => {
    home = makeTempDir('home');
    expect(runOn(shell, 'check').stdout).toBe('jumpgate-key-absent\n');
    expect(() => statSync(join(home.path, '.ssh'))).toThrow();
    runOn(shell, 'add');
    expect(runOn(shell, 'force').stdout).toBe('jumpgate-key-added\n');
    expect(readFileSync(authorizedKeys(), 'utf8')).toBe(`${LINE}\n${LINE}\n`);
  });

  it('writes a comment with quotes, backslashes and $ as it is (the line never passes through a shell)', () => {
    home = makeTempDir('home');
    const line = `${KEY.type} ${KEY.base64} it's "me" \\n $(touch pwned) \`x\``;
    expect(runOn(shell, 'add', line).stdout).toBe('jumpgate-key-added\n');
    expect(readFileSync(authorizedKeys(), 'utf8')).toBe(`${line}\n`);
    expect(() => statSync(join(home.path, 'pwned'))).toThrow();
  });
});

it('is one line with no single quote, backslash or ! inside its quotes (csh and fish read it as sh does)', () => {
  const inner = INSTALL_COMMAND.slice("exec sh -c '".length, -1);
  expect(INSTALL_COMMAND).toMatch(/^exec sh -c '.*'$/);
  expect(inner).not.toMatch(/['\\!\n]/);
});
