import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { startHttpConnectProxy, startSocks5Proxy } from '../../fixtures/proxies';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { hopFor, recordingConnector, run } from '../../helpers/ssh-client';

let keys: TestKeys;
let sshd: SshdHandle;
let env: SshEnv;

beforeAll(async () => {
  keys = await getTestKeys();
  sshd = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
  env = makeSshEnv();
  env.addKnownHosts(sshd.knownHostsLines());
});
afterAll(async () => {
  await sshd?.dispose();
  env?.dispose();
});

const PIPE = `node -e 'const s=require("net").connect(+process.argv[2],process.argv[1]);process.stdin.pipe(s);s.pipe(process.stdout);s.on("error",()=>process.exit(1))'`;

async function echoThrough(overrides: Parameters<typeof hopFor>[2]) {
  const { connector, progress } = recordingConnector();
  const lease = await connector.connect([hopFor(sshd, env, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes', ...overrides })]);
  const result = await run(lease.connection, 'echo through');
  lease.dispose();
  return { result, progress };
}

describe('other ways in', () => {
  it('ProxyCommand: %h and %p expanded, its stdio is the transport, and the host key is still checked', async () => {
    const { result, progress } = await echoThrough({ proxyCommand: `${PIPE} %h %p` });
    expect(result.stdout).toBe('through\n');
    expect(progress[0]?.step).toBe('proxy');
  });

  it('ProxyCommand: a host key mismatch is still refused', async () => {
    const other = makeSshEnv();
    try {
      other.addKnownHosts(sshd.knownHostsLines().map((line) => line.replace(/ \S+$/, ' AAAAC3NzaC1lZDI1NTE5AAAAIOKY0O5bB0ZDHgxmr9kL3q3zQ2C3iYvYwJg6h5KqvQkT')));
      const { connector } = recordingConnector();
      const error = await connector
        .connect([hopFor(sshd, other, { identityFiles: [keys.ed25519.path], strictHostKeyChecking: 'yes', proxyCommand: `${PIPE} %h %p` })])
        .catch((e: unknown) => e);
      expect(AppError.is(error, 'HOST_KEY_CHANGED')).toBe(true);
    } finally {
      other.dispose();
    }
  });

  it('ProxyCommand that fails says so, with its stderr', async () => {
    const { connector } = recordingConnector();
    const error = await connector
      .connect([hopFor(sshd, env, { identityFiles: [keys.ed25519.path], proxyCommand: `sh -c 'echo "no route to bastion" >&2; exit 3'` })])
      .catch((e: unknown) => e);
    expect(AppError.is(error, 'PROXY_COMMAND_FAILED')).toBe(true);
    expect((error as AppError).message).toContain('exited with status 3');
    expect((error as AppError).message).toContain('no route to bastion');
  });

  it('SOCKS5 proxy: the proxy resolves and connects to the host', async () => {
    const proxy = await startSocks5Proxy();
    try {
      const { result } = await echoThrough({ proxy: { type: 'socks5', host: '127.0.0.1', port: proxy.port } });
      expect(result.stdout).toBe('through\n');
      expect(proxy.targets).toEqual([`127.0.0.1:${sshd.port}`]);
    } finally {
      await proxy.close();
    }
  });

  it('HTTP CONNECT proxy', async () => {
    const proxy = await startHttpConnectProxy();
    try {
      const { result } = await echoThrough({ proxy: { type: 'http', host: '127.0.0.1', port: proxy.port } });
      expect(result.stdout).toBe('through\n');
      expect(proxy.targets).toEqual([`127.0.0.1:${sshd.port}`]);
    } finally {
      await proxy.close();
    }
  });

  it('a proxy that cannot reach the host gives PROXY_FAILED naming the proxy', async () => {
    for (const start of [startSocks5Proxy, startHttpConnectProxy]) {
      const proxy = await start();
      try {
        const { connector } = recordingConnector();
        const type = start === startSocks5Proxy ? 'socks5' : 'http';
        const error = await connector
          .connect([hopFor({ host: 'target.invalid', port: 22 }, env, { proxy: { type, host: '127.0.0.1', port: proxy.port } })])
          .catch((e: unknown) => e);
        expect(AppError.is(error, 'PROXY_FAILED')).toBe(true);
        expect((error as AppError).message).toContain(`127.0.0.1:${proxy.port}`);
        expect((error as AppError).hop).toBe('root@target.invalid:22');
      } finally {
        await proxy.close();
      }
    }
  });

  it('agent forwarding (-A) gives the remote shell an SSH_AUTH_SOCK; off by default', async () => {
    const { spawn, execFileSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const { pollUntil } = await import('../../helpers/poll-until');
    const socket = join(env.home, 'fwd-agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      const agentEnv = { ...process.env, SSH_AUTH_SOCK: socket };
      await pollUntil(
        () => {
          try {
            execFileSync('ssh-add', [keys.ecdsa.path], { env: agentEnv, stdio: 'pipe' });
            return true;
          } catch {
            return false;
          }
        },
        { message: 'ssh-agent' },
      );
      const { connector } = recordingConnector();
      const spec = (forwardAgent: boolean) => hopFor(sshd, env, { identityFiles: [keys.ed25519.path], agentSocket: socket, forwardAgent });
      const off = await connector.connect([spec(false)]);
      expect((await run(off.connection, 'echo "[$SSH_AUTH_SOCK]"')).stdout).toBe('[]\n');
      off.dispose();
      const on = await connector.connect([spec(true)]);
      const listed = await run(on.connection, 'ssh-add -l');
      on.dispose();
      expect(listed.stdout).toContain(keys.ecdsa.fingerprint);
    } finally {
      agent.kill();
    }
  });
});
