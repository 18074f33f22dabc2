import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { startPreTerrapinServer } from '../../fixtures/pre-terrapin-server';
import { startFakeServer } from '../../fixtures/fake-server';
import { getTestKeys } from '../../fixtures/keys';
import { makeSshEnv } from '../../fixtures/ssh-env';
import { startSshd } from '../../fixtures/sshd';
import { hopFor, recordingConnector, run, scriptedPrompts } from '../../helpers/ssh-client';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
function envForTest() {
  const env = makeSshEnv();
  cleanups.push(() => env.dispose());
  return env;
}

describe('password and keyboard-interactive', () => {
  it('a wrong password is asked again, with the attempt number', async () => {
    const server = await startFakeServer({ username: 'root', password: 'right' });
    cleanups.push(() => server.close());
    const prompts = scriptedPrompts({ password: ['wrong', 'right'] });
    const { connector } = recordingConnector(prompts.broker);
    const lease = await connector.connect([hopFor(server, envForTest())]);
    lease.dispose();
    expect(prompts.asked.map((r) => (r.kind === 'password' ? r.attempt : -1))).toEqual([1, 2]);
    expect(server.authAttempts('password')).toBe(2);
  });

  it('gives up after NumberOfPasswordPrompts and says what was tried', async () => {
    const server = await startFakeServer({ username: 'root', password: 'right' });
    cleanups.push(() => server.close());
    const prompts = scriptedPrompts({ password: ['a', 'b', 'c', 'd'] });
    const { connector } = recordingConnector(prompts.broker);
    const error = await connector.connect([hopFor(server, envForTest(), { passwordPrompts: 2 })]).catch((e: unknown) => e);
    expect(AppError.is(error, 'AUTH_FAILED')).toBe(true);
    expect((error as AppError).message).toMatch(/Tried: password, password \(try 2\)/);
    expect(prompts.asked).toHaveLength(2);
  });

  it('relays every keyboard-interactive prompt with its echo flag, labelled with the hop', async () => {
    const server = await startFakeServer({
      username: 'root',
      keyboardInteractive: [
        {
          title: 'Two-step login',
          instructions: 'Answer both',
          prompts: [
            { prompt: 'Password: ', echo: false, answer: 'pw' },
            { prompt: 'Verification code: ', echo: true, answer: '123456' },
          ],
        },
      ],
    });
    cleanups.push(() => server.close());
    const prompts = scriptedPrompts({ 'keyboard-interactive': [['pw', '123456']] });
    const { connector } = recordingConnector(prompts.broker);
    const lease = await connector.connect([hopFor(server, envForTest())]);
    expect((await run(lease.connection, 'whoami')).stdout).toContain('whoami');
    lease.dispose();
    expect(prompts.asked[0]).toMatchObject({
      kind: 'keyboard-interactive',
      hop: `root@127.0.0.1:${server.port}`,
      name: 'Two-step login',
      instructions: 'Answer both',
      prompts: [
        { prompt: 'Password: ', echo: false },
        { prompt: 'Verification code: ', echo: true },
      ],
    });
  });

  it('shows the server banner as untrusted text labelled with the hop', async () => {
    const server = await startFakeServer({ username: 'root', password: 'pw', banner: 'Authorized use only\x1b[2J' });
    cleanups.push(() => server.close());
    const { connector, notices } = recordingConnector(scriptedPrompts({ password: ['pw'] }).broker);
    (await connector.connect([hopFor(server, envForTest())])).dispose();
    expect(notices).toContainEqual(
      expect.objectContaining({
        kind: 'banner',
        isUntrusted: true,
        hop: `root@127.0.0.1:${server.port}`,
        text: expect.stringContaining('Authorized use only'),
      }),
    );
  });
});

describe('Terrapin (CVE-2023-48795)', () => {
  it('warns when a server without strict key exchange negotiates chacha20-poly1305', async () => {
    const server = await startPreTerrapinServer({ username: 'root', password: 'pw' });
    cleanups.push(() => server.close());
    const { connector, notices } = recordingConnector(scriptedPrompts({ password: ['pw'] }).broker);
    const lease = await connector.connect([hopFor(server, envForTest(), { ciphers: ['chacha20-poly1305@openssh.com'] })]);
    expect(lease.connection.negotiated?.sc.cipher).toBe('chacha20-poly1305@openssh.com');
    lease.dispose();
    const warnings = notices.filter((n) => n.kind === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.text).toMatch(/Terrapin/);
    // The server is ssh2's, not OpenSSH: the advice names what it says it is.
    expect(warnings[0]!.text).toContain(`Update the server's SSH software (it reports "ssh2js`);
    expect(warnings[0]!.text).not.toMatch(/OpenSSH/);
  });

  it('refuses before authentication when the profile makes it fatal', async () => {
    const server = await startPreTerrapinServer({ username: 'root', password: 'pw' });
    cleanups.push(() => server.close());
    const prompts = scriptedPrompts({ password: ['pw'] });
    const { connector } = recordingConnector(prompts.broker);
    const error = await connector
      .connect([hopFor(server, envForTest(), { ciphers: ['chacha20-poly1305@openssh.com'], terrapin: 'fatal' })])
      .catch((e: unknown) => e);
    expect(AppError.is(error, 'TERRAPIN_VULNERABLE')).toBe(true);
    expect(prompts.asked).toHaveLength(0);
    expect(server.authAttempts()).toBe(0);
  });

  it('does not warn with AES-GCM on the same server (not exposed)', async () => {
    const server = await startPreTerrapinServer({ username: 'root', password: 'pw' });
    cleanups.push(() => server.close());
    const { connector, notices } = recordingConnector(scriptedPrompts({ password: ['pw'] }).broker);
    (await connector.connect([hopFor(server, envForTest())])).dispose();
    expect(notices.filter((n) => n.kind === 'warning')).toEqual([]);
  });

  it('does not warn about the same cipher on a server with strict key exchange (OpenSSH)', async () => {
    const keys = await getTestKeys();
    const sshd = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
    cleanups.push(() => sshd.dispose());
    const { connector, notices } = recordingConnector();
    const lease = await connector.connect([hopFor(sshd, envForTest(), { identityFiles: [keys.ed25519.path], ciphers: ['chacha20-poly1305@openssh.com'] })]);
    expect(lease.connection.negotiated?.cs.cipher).toBe('chacha20-poly1305@openssh.com');
    lease.dispose();
    expect(notices.filter((n) => n.kind === 'warning')).toEqual([]);
  });
});
