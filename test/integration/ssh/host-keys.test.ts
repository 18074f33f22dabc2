import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { hopFor, recordingConnector, run, scriptedPrompts } from '../../helpers/ssh-client';

let keys: TestKeys;
let sshd: SshdHandle;
let env: SshEnv;

beforeAll(async () => {
  keys = await getTestKeys();
  sshd = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
});
afterAll(async () => {
  await sshd?.dispose();
});
afterEach(() => env?.dispose());

function freshEnv(knownHosts = ''): SshEnv {
  env = makeSshEnv();
  writeFileSync(env.knownHostsPath, knownHosts);
  return env;
}

const knownName = () => `[127.0.0.1]:${sshd.port}`;
const lineFor = (type: string, server = sshd) => server.knownHostsLines().find((l) => l.split(' ')[1] === type)!;

async function attempt(options: Parameters<typeof hopFor>[2], prompts = scriptedPrompts({}), server = sshd) {
  const { connector, notices } = recordingConnector(prompts.broker);
  const lease = await connector.connect([hopFor(server, env, { identityFiles: [keys.ed25519.path], ...options })]);
  const result = await run(lease.connection, 'echo in');
  lease.dispose();
  return { result, notices, prompts };
}

/** True when OpenSSH's own ssh trusts the file as it is (StrictHostKeyChecking=yes). */
function opensshTrusts(): boolean {
  try {
    execFileSync('ssh', ['-o', 'StrictHostKeyChecking=yes', ...env.opensshArgs(), '-i', keys.ed25519.path, '-p', String(sshd.port), 'root@127.0.0.1', 'true'], {
      env: env.env,
      stdio: 'pipe',
      timeout: 20_000,
    });
    return true;
  } catch {
    return false;
  }
}

describe('unknown host keys', () => {
  it('ask: relays the SHA256 fingerprint and saves on "accept and save", in a file OpenSSH trusts', async () => {
    freshEnv();
    const prompts = scriptedPrompts({ 'host-key': ['accept-save'] });
    const { result } = await attempt({ strictHostKeyChecking: 'ask' }, prompts);
    expect(result.stdout).toBe('in\n');
    const question = prompts.asked[0];
    expect(question).toMatchObject({ kind: 'host-key', host: '127.0.0.1', port: sshd.port });
    const offered = sshd.hostKeys.find((k) => question?.kind === 'host-key' && k.algorithm === question.keyType)!;
    expect(question).toMatchObject({ fingerprint: offered.fingerprint });
    expect(readFileSync(env.knownHostsPath, 'utf8')).toContain(`${knownName()} ${offered.algorithm} `);
    expect(opensshTrusts()).toBe(true);
  });

  it('ask: "accept once" connects without writing known_hosts', async () => {
    freshEnv();
    const { result } = await attempt({ strictHostKeyChecking: 'ask' }, scriptedPrompts({ 'host-key': ['accept-once'] }));
    expect(result.stdout).toBe('in\n');
    expect(readFileSync(env.knownHostsPath, 'utf8')).toBe('');
  });

  it('ask: rejecting refuses with HOST_KEY_UNKNOWN and writes nothing', async () => {
    freshEnv();
    const error = await attempt({ strictHostKeyChecking: 'ask' }, scriptedPrompts({ 'host-key': ['reject'] })).catch((e: unknown) => e);
    expect(AppError.is(error, 'HOST_KEY_UNKNOWN')).toBe(true);
    expect(readFileSync(env.knownHostsPath, 'utf8')).toBe('');
  });

  it('ask with nobody to ask fails with HOST_KEY_UNKNOWN instead of hanging', async () => {
    freshEnv();
    const error = await attempt(
      { strictHostKeyChecking: 'ask' },
      { asked: [], broker: new (await import('../../../main/prompts/prompt-broker')).PromptBroker(undefined) },
    ).catch((e: unknown) => e);
    expect(AppError.is(error, 'HOST_KEY_UNKNOWN')).toBe(true);
    expect((error as AppError).message).toMatch(/SHA256:/);
  });

  it('yes: refuses an unknown key', async () => {
    freshEnv();
    const error = await attempt({ strictHostKeyChecking: 'yes' }).catch((e: unknown) => e);
    expect(AppError.is(error, 'HOST_KEY_UNKNOWN')).toBe(true);
    expect(readFileSync(env.knownHostsPath, 'utf8')).toBe('');
  });

  it('accept-new: saves without asking, and the saved line is found by ssh-keygen -F', async () => {
    freshEnv();
    const { notices, prompts } = await attempt({ strictHostKeyChecking: 'accept-new' });
    expect(prompts.asked).toHaveLength(0);
    expect(notices.some((n) => n.kind === 'info' && n.text.includes('Permanently added'))).toBe(true);
    const found = execFileSync('ssh-keygen', ['-F', knownName(), '-f', env.knownHostsPath], { encoding: 'utf8' });
    expect(found).toContain('found: line 1');
  });

  it('accept-new with HashKnownHosts writes a hashed name that OpenSSH matches', async () => {
    freshEnv();
    await attempt({ strictHostKeyChecking: 'accept-new', hashKnownHosts: true });
    const text = readFileSync(env.knownHostsPath, 'utf8');
    expect(text).toMatch(/^\|1\|/);
    expect(text).not.toContain('127.0.0.1');
    expect(opensshTrusts()).toBe(true);
  });
});

describe('known, changed and revoked host keys', () => {
  it('connects silently to a known host, with a hashed entry too', async () => {
    freshEnv(`${lineFor('ssh-ed25519')}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', env.knownHostsPath], { stdio: 'pipe' });
    const prompts = scriptedPrompts({});
    const { result } = await attempt({ strictHostKeyChecking: 'yes' }, prompts);
    expect(result.stdout).toBe('in\n');
    expect(prompts.asked).toHaveLength(0);
  });

  it('a changed key is refused before authentication, names file and line, and leaves the file untouched', async () => {
    const other = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], freshHostKeys: true, hostKeyTypes: ['ed25519'] });
    try {
      const stale = `# comment\n${lineFor('ssh-ed25519').replace(`:${sshd.port}`, `:${other.port}`)}\n`;
      freshEnv(stale);
      const mark = other.readLog().length;
      // Even StrictHostKeyChecking=no never lets a changed key through.
      const error = await attempt({ strictHostKeyChecking: 'no' }, scriptedPrompts({}), other).catch((e: unknown) => e);
      expect(AppError.is(error, 'HOST_KEY_CHANGED')).toBe(true);
      const message = (error as AppError).message;
      expect(message).toContain(other.hostKeys[0]!.fingerprint);
      expect(message).toContain(`${env.knownHostsPath} line 2`);
      expect(readFileSync(env.knownHostsPath, 'utf8')).toBe(stale);
      await other.waitForLog(/Connection (closed|reset) by|Disconnected from|kex_exchange|Received disconnect/, { after: mark });
      const log = other.readLog().slice(mark);
      expect(log).not.toMatch(/userauth|Failed none|Accepted/);
    } finally {
      await other.dispose();
    }
  });

  it('a known key of another type for the host is a change too (OpenSSH semantics)', async () => {
    const only = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], hostKeyTypes: ['ed25519'] });
    try {
      freshEnv(`${lineFor('ecdsa-sha2-nistp256').replace(`:${sshd.port}`, `:${only.port}`)}\n`);
      const error = await attempt({ strictHostKeyChecking: 'ask' }, scriptedPrompts({ 'host-key': ['accept-save'] }), only).catch((e: unknown) => e);
      expect(AppError.is(error, 'HOST_KEY_CHANGED')).toBe(true);
    } finally {
      await only.dispose();
    }
  });

  it('offers the key type already known first, so a second type does not raise a false alarm', async () => {
    // The server offers ed25519, ecdsa and rsa; we know only its RSA key.
    freshEnv(`${lineFor('ssh-rsa')}\n`);
    const { connector } = recordingConnector(scriptedPrompts({}).broker);
    const lease = await connector.connect([hopFor(sshd, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes' })]);
    expect((await run(lease.connection, 'echo ok')).stdout).toBe('ok\n');
    lease.dispose();
    expect(lease.connection.negotiated?.serverHostKey).toMatch(/^rsa-sha2-(256|512)$/);
  });

  it('@revoked refuses the key with HOST_KEY_REVOKED', async () => {
    const ed = sshd.hostKeys.find((k) => k.algorithm === 'ssh-ed25519')!;
    const [, base64] = ed.publicKeyLine.split(' ');
    freshEnv(`@revoked * ssh-ed25519 ${base64}\n${lineFor('ssh-ed25519')}\n`);
    const only = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], hostKeyTypes: ['ed25519'] });
    try {
      const error = await attempt({ strictHostKeyChecking: 'no' }, scriptedPrompts({}), only).catch((e: unknown) => e);
      expect(AppError.is(error, 'HOST_KEY_REVOKED')).toBe(true);
      expect((error as AppError).message).toContain('line 1');
    } finally {
      await only.dispose();
    }
  });
});
