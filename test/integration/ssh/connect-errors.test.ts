import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { getTestKeys } from '../../fixtures/keys';
import { startClosingServer, startGarbageServer, startHttpServer, startSilentServer, type RawServer } from '../../fixtures/raw-servers';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { startFakeServer, type FakeServer } from '../../fixtures/fake-server';
import { hopFor, recordingConnector, run, scriptedPrompts } from '../../helpers/ssh-client';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
function track<T extends RawServer | SshdHandle | FakeServer | SshEnv>(thing: T): T {
  cleanups.push(() => ('close' in thing ? thing.close() : thing.dispose()));
  return thing;
}

async function failure(server: { host: string; port: number }, overrides = {}, broker = scriptedPrompts({}).broker): Promise<AppError> {
  const env = track(makeSshEnv());
  const { connector } = recordingConnector(broker);
  const error = await connector.connect([hopFor(server, env, { connectTimeoutMs: 1_500, ...overrides })]).then(
    (lease) => {
      lease.dispose();
      throw new Error('connected, but a failure was expected');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('connection failures name the hop and say what to do', () => {
  it('DNS_FAILED for a name that does not resolve', async () => {
    const error = await failure({ host: 'no-such-host.invalid', port: 22 });
    expect(error.code).toBe('DNS_FAILED');
    expect(error.hop).toBe('root@no-such-host.invalid:22');
    expect(error.message).toContain('no-such-host.invalid');
  });

  it('CONNECTION_REFUSED for a closed port', async () => {
    const port = await freePort();
    const error = await failure({ host: '127.0.0.1', port });
    expect(error.code).toBe('CONNECTION_REFUSED');
    expect(error.message).toContain(`port ${port}`);
  });

  it('NOT_SSH quoting what a web server answered', async () => {
    const server = track(await startHttpServer());
    const error = await failure(server);
    expect(error.code).toBe('NOT_SSH');
    expect(error.message).toContain('HTTP/1.1 400 Bad Request');
  });

  it('NOT_SSH for binary garbage', async () => {
    const server = track(await startGarbageServer());
    expect((await failure(server)).code).toBe('NOT_SSH');
  });

  it('BANNER_TIMEOUT when the peer accepts but never sends its banner', async () => {
    const server = track(await startSilentServer());
    const error = await failure(server, { connectTimeoutMs: 500 });
    expect(error.code).toBe('BANNER_TIMEOUT');
    expect(error.message).toMatch(/no SSH banner within 0\.5 s/);
  });

  it('CONNECTION_LOST when the peer closes before its banner', async () => {
    const server = track(await startClosingServer());
    const error = await failure(server);
    expect(error.code).toBe('CONNECTION_LOST');
    expect(error.message).toMatch(/before sending its SSH banner/);
  });

  it('NO_COMMON_ALGORITHM lists what the server offers, and legacy mode is never tried by itself', async () => {
    const keys = await getTestKeys();
    const sshd = track(await startSshd({ authorizedKeys: [keys.ed25519.publicKey], extraConfig: ['Ciphers aes128-cbc'] }));
    const error = await failure(sshd, { identityFiles: [keys.ed25519.path] });
    expect(error.code).toBe('NO_COMMON_ALGORITHM');
    expect(error.message).toContain('aes128-cbc');
    expect(error.hint).toEqual({ kind: 'allow-legacy-algorithms' });
  });

  it('connects to that server when the profile opts in to legacy algorithms', async () => {
    const keys = await getTestKeys();
    const sshd = track(await startSshd({ authorizedKeys: [keys.ed25519.publicKey], extraConfig: ['Ciphers aes128-cbc'] }));
    const env = track(makeSshEnv());
    const { connector } = recordingConnector();
    const lease = await connector.connect([hopFor(sshd, env, { identityFiles: [keys.ed25519.path], legacyAlgorithms: true })]);
    expect(lease.connection.negotiated?.cs.cipher).toBe('aes128-cbc');
    expect((await run(lease.connection, 'echo old')).stdout).toBe('old\n');
    lease.dispose();
  });
});

describe('prompts and time budgets', () => {
  it('time spent answering a prompt does not count against ConnectTimeout', async () => {
    const server = track(await startFakeServer({ password: 'pw', username: 'root' }));
    const slowAnswer = () => new Promise((resolve) => setTimeout(() => resolve('pw'), 1_200));
    const env = track(makeSshEnv());
    const { connector } = recordingConnector(scriptedPrompts({ password: [slowAnswer] }).broker);
    const lease = await connector.connect([hopFor(server, env, { connectTimeoutMs: 800 })]);
    expect((await run(lease.connection, 'hello')).stdout).toContain('hello');
    lease.dispose();
  });

  it('KEEPALIVE_TIMEOUT when an established peer stops answering', async () => {
    const server = track(await startFakeServer({ password: 'pw', username: 'root', afterAuth: 'stall' }));
    const env = track(makeSshEnv());
    const { connector } = recordingConnector(scriptedPrompts({ password: ['pw'] }).broker);
    const lease = await connector.connect([hopFor(server, env, { serverAliveInterval: 1, serverAliveCountMax: 2 })]);
    const reason = await new Promise<AppError | undefined>((resolve) => lease.connection.onDidClose(resolve));
    expect(reason?.code).toBe('KEEPALIVE_TIMEOUT');
    expect(reason?.hop).toBe(`root@127.0.0.1:${server.port}`);
    lease.dispose();
  });

  it('CONNECTION_LOST is reported when the server drops an established connection', async () => {
    const server = track(await startFakeServer({ password: 'pw', username: 'root', afterAuth: 'drop' }));
    const env = track(makeSshEnv());
    const { connector } = recordingConnector(scriptedPrompts({ password: ['pw'] }).broker);
    const lease = await connector.connect([hopFor(server, env)]).catch((e: unknown) => e);
    if (lease instanceof AppError) {
      // The drop can land before "ready" is processed: then it is a handshake-time loss.
      expect(lease.code).toBe('CONNECTION_LOST');
      return;
    }
    const active = lease as Awaited<ReturnType<typeof connector.connect>>;
    const reason = await new Promise<AppError | undefined>((resolve) => active.connection.onDidClose(resolve));
    expect(reason?.code).toBe('CONNECTION_LOST');
    active.dispose();
  });
});
