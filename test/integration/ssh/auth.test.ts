import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { getTestKeys, TEST_KEY_PASSPHRASE, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { pollUntil } from '../../helpers/poll-until';
import { hopFor, recordingConnector, run, scriptedPrompts } from '../../helpers/ssh-client';

let keys: TestKeys;
let sshd: SshdHandle;
let env: SshEnv;

beforeAll(async () => {
  keys = await getTestKeys();
  sshd = await startSshd({
    authorizedKeys: [keys.ed25519, keys.ecdsa, keys.rsa, keys.ed25519Encrypted, keys.rsaPem, keys.rsaPemEncrypted].map((k) => k.publicKey),
  });
  env = makeSshEnv();
});
afterAll(async () => {
  await sshd?.dispose();
  env?.dispose();
});

async function loginWith(identityFiles: string[], prompts = scriptedPrompts({})) {
  const { connector } = recordingConnector(prompts.broker);
  const lease = await connector.connect([hopFor(sshd, env, { identityFiles })]);
  try {
    return await run(lease.connection, 'echo "user=$(id -un)"');
  } finally {
    lease.dispose();
  }
}

describe('public key authentication against OpenSSH', () => {
  it.each(['ed25519', 'ecdsa', 'rsa', 'rsaPem'] as const)('logs in with an %s key', async (name) => {
    const result = await loginWith([keys[name].path]);
    expect(result.stdout).toBe('user=root\n');
    expect(result.code).toBe(0);
  });

  it('signs with rsa-sha2-256/512, never SHA-1 ssh-rsa', async () => {
    const mark = sshd.readLog().length;
    await loginWith([keys.rsa.path]);
    await sshd.waitForLog(/Accepted publickey for root/, { after: mark });
    const algorithms = [
      ...sshd
        .readLog()
        .slice(mark)
        .matchAll(/publickey test pkalg (\S+)/g),
    ].map((m) => m[1]);
    expect(algorithms.length).toBeGreaterThan(0);
    for (const algorithm of algorithms) expect(algorithm).toMatch(/^rsa-sha2-(256|512)$/);
  });

  it('asks for the passphrase of an encrypted key through the prompt broker', async () => {
    const prompts = scriptedPrompts({ passphrase: [TEST_KEY_PASSPHRASE] });
    const result = await loginWith([keys.ed25519Encrypted.path], prompts);
    expect(result.stdout).toBe('user=root\n');
    expect(prompts.asked).toEqual([expect.objectContaining({ kind: 'passphrase', attempt: 1, keyFile: keys.ed25519Encrypted.path })]);
  });

  it('re-asks a wrong passphrase, then logs in with the right one (PEM key)', async () => {
    const prompts = scriptedPrompts({ passphrase: ['wrong', TEST_KEY_PASSPHRASE] });
    const result = await loginWith([keys.rsaPemEncrypted.path], prompts);
    expect(result.stdout).toBe('user=root\n');
    expect(prompts.asked.map((r) => (r.kind === 'passphrase' ? r.attempt : 0))).toEqual([1, 2]);
  });

  it('reports KEY_PASSPHRASE when every passphrase try is wrong', async () => {
    const prompts = scriptedPrompts({ passphrase: ['a', 'b', 'c'] });
    const error = await loginWith([keys.ed25519Encrypted.path], prompts).catch((e: unknown) => e);
    expect(AppError.is(error, 'KEY_PASSPHRASE')).toBe(true);
    expect((error as AppError).message).toContain('passphrase');
    expect((error as AppError).hop).toBe(`root@127.0.0.1:${sshd.port}`);
    expect(prompts.asked).toHaveLength(3);
  });

  it('says which methods were tried and which the server accepts when nothing works', async () => {
    const stranger = join(keys.dir, 'stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    const error = await loginWith([stranger, join(keys.dir, 'does-not-exist')]).catch((e: unknown) => e);
    expect(AppError.is(error, 'AUTH_FAILED')).toBe(true);
    const message = (error as AppError).message;
    expect(message).toContain(stranger);
    expect(message).toMatch(/The server accepts: publickey/);
    expect((error as AppError).details).toMatchObject({ serverMethods: ['publickey'] });
  });

  it('uses keys held by ssh-agent (SSH_AUTH_SOCK)', async () => {
    const socket = join(env.home, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      await pollUntil(
        () => {
          try {
            execFileSync('ssh-add', ['-l'], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'pipe' });
            return true;
          } catch (error) {
            return (error as { status?: number }).status === 1; // 1 = agent up, no identities
          }
        },
        { message: 'ssh-agent to listen' },
      );
      execFileSync('ssh-add', [keys.ecdsa.path], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'pipe' });
      const { connector } = recordingConnector();
      const mark = sshd.readLog().length;
      const lease = await connector.connect([hopFor(sshd, env, { agentSocket: socket, identityFiles: [] })]);
      const result = await run(lease.connection, 'echo agent-ok');
      lease.dispose();
      expect(result.stdout).toBe('agent-ok\n');
      expect(await sshd.waitForLog(/Accepted publickey for root/, { after: mark })).toContain(keys.ecdsa.fingerprint);
    } finally {
      agent.kill();
    }
  });

  it('a server that ends the login (MaxAuthTries) is reported as AUTH_FAILED with its words, labelled', async () => {
    const strict = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], extraConfig: ['MaxAuthTries 2'] });
    try {
      const strangers = ['s1', 's2', 's3', 's4'].map((name) => {
        const path = join(keys.dir, `max-${name}`);
        execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path]);
        return path;
      });
      const { connector } = recordingConnector();
      const error = await connector.connect([hopFor(strict, env, { identityFiles: strangers })]).catch((e: unknown) => e);
      expect(AppError.is(error, 'AUTH_FAILED')).toBe(true);
      expect((error as AppError).message).toMatch(/The server said: "Too many authentication failures/);
    } finally {
      await strict.dispose();
    }
  });
});
