import { spawn } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppRpc, createAppRpc } from '../../../main/rpc/app-rpc';
import type { AppCoreOptions } from '../../../main/core/app-core';
import { readTunnelState } from '../../../main/forward/tunnel-state-file';
import { confBackend } from '../../../main/storage/store-backend';
import type { TunnelStatus } from '../../../shared/model/tunnel-profile';
import { getTestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { pollUntil } from '../../helpers/poll-until';
import { CLI, runCli } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp-dir';
import { canBind, connectTcp, echoRoundTrip, freePort, holdPortInChild, startEchoServer } from './forward-helpers';

/** Known in ~/.ssh/known_hosts from the start. */
let sshd: SshdHandle;
/** Unknown: its host key is asked about, and accepted. */
let newcomer: SshdHandle;
/** Unknown: its host key is asked about, and declined. */
let stranger: SshdHandle;
let env: SshEnv;
let echo: Awaited<ReturnType<typeof startEchoServer>>;
let core: AppRpc;
let dataDir: string;
const events: { name: string; payload: Record<string, unknown>; at: number }[] = [];

const makeCore = (dir: string, options: Partial<AppCoreOptions> = {}) =>
  createAppRpc({ dataDir: dir, transport: 'web', backend: confBackend(), versions: { node: process.versions.node }, env: env.env, ...options });

beforeAll(async () => {
  const keys = await getTestKeys();
  sshd = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
  newcomer = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
  stranger = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
  env = makeSshEnv();
  env.addKnownHosts(sshd.knownHostsLines());
  copyFileSync(keys.ed25519.path, join(env.sshDir, 'id_ed25519'));
  echo = await startEchoServer();
  dataDir = join(env.home, 'data');
  core = makeCore(dataDir, { autoStartTunnels: false });
  core.hub.connect((name, payload) => events.push({ name, payload: payload as Record<string, unknown>, at: Date.now() }));
}, 60_000);
afterAll(async () => {
  core?.dispose();
  await Promise.all([sshd, newcomer, stranger].map((server) => server?.dispose()));
  await echo?.close();
  env?.dispose();
});

type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
const call = <T = unknown>(on: AppRpc, method: string, input: unknown) =>
  on.router.dispatch(method, input, { isTrustedSender: true, transport: 'direct' }) as Promise<Result<T>>;
const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};
const statuses = (name: string) =>
  events.filter((e) => e.name === 'tunnels.status' && e.payload.name === name).map((e) => ({ ...(e.payload as TunnelStatus), at: e.at }));
const lastStatus = (name: string) => statuses(name).at(-1);

/** A tunnel to `server` as root with the key in ~/.ssh; retries quickly so the tests need not wait. */
const tunnel = (name: string, server: SshdHandle, forwards: unknown[], extra: Record<string, unknown> = {}) => ({
  name,
  connection: { spec: { destination: '127.0.0.1', user: 'root', port: server.port, ...((extra.connection as object) ?? {}) } },
  forwards,
  reconnect: { initialDelayMs: 100, maxDelayMs: 300 },
  ...Object.fromEntries(Object.entries(extra).filter(([key]) => key !== 'connection')),
});
const localForward = (port: number) => ({ kind: 'local', bindPort: port, target: { host: '127.0.0.1', port: echo.port } });

async function answerHostKey(port: number, answer: 'accept-save' | 'reject'): Promise<void> {
  const question = await pollUntil(() => events.find((e) => e.name === 'prompts.request' && (e.payload.request as { port?: number }).port === port), {
    message: `the host-key question for port ${port}`,
  });
  expect(question.payload.request).toMatchObject({ kind: 'host-key', host: '127.0.0.1', fingerprint: expect.stringMatching(/^SHA256:/) });
  expect(await call(core, 'prompts.answer', { promptId: question.payload.promptId, answer })).toMatchObject({ ok: true });
}

describe('tunnels through the contract', () => {
  it('saves a tunnel, starts it (the host key asked through the prompt broker), carries data, reports counters, stops and frees the port', async () => {
    const port = await freePort();
    const saved = value(
      await call<{ profile: { name: string }; status: TunnelStatus }>(core, 'tunnels.save', { tunnel: tunnel('db', newcomer, [localForward(port)]) }),
    );
    expect(saved).toMatchObject({ profile: { name: 'db', autoStart: false, keepalive: { mode: 'ssh' } }, status: { state: 'stopped' } });
    expect(value(await call(core, 'tunnels.list', {}))).toEqual([saved]);

    expect(value(await call(core, 'tunnels.start', { name: 'db' }))).toMatchObject({ name: 'db', state: 'connecting' });
    await answerHostKey(newcomer.port, 'accept-save');
    const up = await pollUntil(() => statuses('db').find((s) => s.state === 'up'), { message: 'the tunnel to come up' });
    expect(up.forwards).toEqual([
      expect.objectContaining({ label: `localhost:${port} → 127.0.0.1:${echo.port} (local)`, state: 'listening', boundPort: port }),
    ]);
    expect(
      statuses('db')
        .map((s) => s.state)
        .slice(0, 2),
    ).toEqual(['connecting', 'up']);
    // Published for the CLI: `jumpgate tunnel list` shows the app's tunnel with this process.
    expect(readTunnelState(dataDir, 'db')).toMatchObject({ pid: process.pid, status: { state: 'up' } });

    const mark = events.length;
    const result = await echoRoundTrip(await connectTcp(port), 8 * 1024 * 1024);
    expect(result.received).toBe(result.sent);
    // Then 40 more connections, 8 at a time: each opening and closing changes the status.
    let bytes = result.bytes;
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(Array.from({ length: 8 }, async () => echoRoundTrip(await connectTcp(port), 128 * 1024)));
      for (const each of results) expect(each.received).toBe(each.sent);
      bytes += results.reduce((sum, each) => sum + each.bytes, 0);
    }
    const counted = await pollUntil(() => statuses('db').find((s) => s.forwards[0]?.bytesToClient === bytes && s.forwards[0]?.activeConnections === 0), {
      message: 'a status with the final counters',
    });
    expect(counted.forwards[0]).toMatchObject({ totalConnections: 41, bytesFromClient: bytes, bytesToClient: bytes });
    // Counters and connection counts are throttled (the spacing itself is unit-tested with fake
    // timers): 41 connections, each opening, moving data and closing, give far fewer statuses.
    const during = events.slice(mark).filter((e) => e.name === 'tunnels.status' && e.payload.name === 'db');
    expect(during.length).toBeGreaterThan(0);
    expect(during.length).toBeLessThan(41);

    const listed = value(await call<{ status: TunnelStatus }[]>(core, 'tunnels.list', {}));
    expect(listed[0]!.status).toMatchObject({ state: 'up', forwards: [{ bytesFromClient: bytes, totalConnections: 41 }] });

    expect(value(await call(core, 'tunnels.stop', { name: 'db' }))).toMatchObject({ name: 'db', state: 'stopped' });
    expect(lastStatus('db')).toMatchObject({ state: 'stopped' });
    await pollUntil(() => canBind(port), { message: 'the port to be released' });
    expect(readTunnelState(dataDir, 'db')).toBeUndefined();
    expect(value(await call<{ status: TunnelStatus }[]>(core, 'tunnels.list', {}))[0]!.status.state).toBe('stopped');
  });

  it('a port in use fails that forward with FORWARD_PORT_IN_USE; under ExitOnForwardFailure the tunnel retries, says why, and comes up once the port is free', async () => {
    const holder = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    const taken = (holder.address() as net.AddressInfo).port;
    const forwards = [localForward(taken), { kind: 'dynamic', bindPort: 0 }];
    value(await call(core, 'tunnels.save', { tunnel: tunnel('busy', sshd, forwards) }));
    value(await call(core, 'tunnels.start', { name: 'busy' }));
    const up = await pollUntil(() => statuses('busy').find((s) => s.state === 'up'), { message: 'the tunnel to come up' });
    expect(up.forwards.map((f) => f.state)).toEqual(['failed', 'listening']);
    expect(up.forwards[0]!.lastError).toMatchObject({ code: 'FORWARD_PORT_IN_USE', message: expect.stringContaining(`Port ${taken}`) });

    // Saving a tunnel that is up restarts it with the new settings.
    value(await call(core, 'tunnels.save', { tunnel: tunnel('busy', sshd, forwards, { exitOnForwardFailure: true }), previousName: 'busy' }));
    const retrying = await pollUntil(() => statuses('busy').find((s) => s.state === 'retrying'), { message: 'the tunnel to retry' });
    expect(retrying.error).toMatchObject({ code: 'FORWARD_PORT_IN_USE', message: expect.stringContaining(`Port ${taken}`) });
    expect(retrying.retryInMs).toBeGreaterThan(0);

    const mark = statuses('busy').length;
    holder.close();
    await pollUntil(
      () =>
        statuses('busy')
          .slice(mark)
          .find((s) => s.state === 'up'),
      { message: 'the tunnel to come up once the port is free' },
    );
    expect(lastStatus('busy')!.forwards.map((f) => [f.state, f.boundPort === taken || f.spec.kind === 'dynamic'])).toEqual([
      ['listening', true],
      ['listening', true],
    ]);
    value(await call(core, 'tunnels.stop', { name: 'busy' }));
    await pollUntil(() => canBind(taken), { message: 'the port to be released' });
  });

  it('saving a tunnel that is up restarts it on the same ports, -L and -R alike', async () => {
    const [localPort, remotePort] = [await freePort(), await freePort()];
    const forwards = [localForward(localPort), { kind: 'remote', bindPort: remotePort, target: { host: '127.0.0.1', port: echo.port } }];
    value(await call(core, 'tunnels.save', { tunnel: tunnel('again', sshd, forwards) }));
    value(await call(core, 'tunnels.start', { name: 'again' }));
    await pollUntil(() => statuses('again').find((s) => s.state === 'up'), { message: 'the tunnel to come up' });
    for (let round = 0; round < 3; round++) {
      const mark = statuses('again').length;
      value(
        await call(core, 'tunnels.save', {
          tunnel: tunnel('again', sshd, forwards, { keepalive: { mode: round % 2 ? 'ssh' : 'tcp' } }),
          previousName: 'again',
        }),
      );
      const up = await pollUntil(
        () =>
          statuses('again')
            .slice(mark)
            .find((s) => s.state === 'up'),
        { message: 'the tunnel to come up again' },
      );
      expect(up.forwards.map((f) => [f.state, f.boundPort])).toEqual([
        ['listening', localPort],
        ['listening', remotePort],
      ]);
      for (const port of [localPort, remotePort]) {
        const result = await echoRoundTrip(await connectTcp(port), 64 * 1024);
        expect(result.received).toBe(result.sent);
      }
    }
    // Auto-start alone changes nothing about the running tunnel: an open connection through it lives on.
    const open = await connectTcp(localPort);
    const mark = statuses('again').length;
    const saved = value(
      await call<{ profile: { autoStart: boolean } }>(core, 'tunnels.save', {
        tunnel: tunnel('again', sshd, forwards, { keepalive: { mode: 'tcp' }, autoStart: true }),
        previousName: 'again',
      }),
    );
    expect(saved.profile.autoStart).toBe(true);
    const still = await echoRoundTrip(open, 64 * 1024);
    expect(still.received).toBe(still.sent);
    expect(
      statuses('again')
        .slice(mark)
        .map((s) => s.state),
    ).not.toContain('stopped');
    value(await call(core, 'tunnels.remove', { name: 'again' }));
  });

  it('a host key the person declines fails the tunnel for good with HOST_KEY_UNKNOWN', async () => {
    value(await call(core, 'tunnels.save', { tunnel: tunnel('stranger', stranger, [localForward(0)]) }));
    value(await call(core, 'tunnels.start', { name: 'stranger' }));
    await answerHostKey(stranger.port, 'reject');
    const failed = await pollUntil(() => statuses('stranger').find((s) => s.state === 'failed'), { message: 'the tunnel to fail' });
    expect(failed.error).toMatchObject({ code: 'HOST_KEY_UNKNOWN', hop: `root@127.0.0.1:${stranger.port}` });
    expect(statuses('stranger').map((s) => s.state)).toEqual(['connecting', 'failed']);
    // A failed tunnel holds nothing: it is not published as running, so `jumpgate tunnel up` may take it.
    expect(readTunnelState(dataDir, 'stranger')).toBeUndefined();
    const listed = value(await call<{ profile: { name: string }; status: TunnelStatus }[]>(core, 'tunnels.list', {}));
    expect(listed.find((entry) => entry.profile.name === 'stranger')!.status).toMatchObject({ state: 'failed', error: { code: 'HOST_KEY_UNKNOWN' } });
    value(await call(core, 'tunnels.stop', { name: 'stranger' }));
  });

  it('save validates and refuses a taken name; a rename keeps the settings; remove stops a running tunnel and deletes it', async () => {
    expect(await call(core, 'tunnels.save', { tunnel: tunnel('empty', sshd, []) })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call(core, 'tunnels.save', { tunnel: tunnel('has space', sshd, [localForward(0)]) })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(
      await call(core, 'tunnels.save', { tunnel: tunnel('bad', sshd, [{ kind: 'local', bindPort: 70000, target: { host: 'x', port: 1 } }]) }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const relative = await call(core, 'tunnels.save', {
      tunnel: tunnel('relative', sshd, [localForward(0)], { connection: { identityFiles: ['keys/id_ed25519'] } }),
    });
    expect(relative).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('"keys/id_ed25519" is relative') } });

    const port = await freePort();
    const draft = tunnel('web', sshd, [localForward(port)], { connection: { options: { StrictHostKeyChecking: 'yes' } } });
    const saved = value(await call<{ profile: { connection: { spec: { options: Record<string, string> } } } }>(core, 'tunnels.save', { tunnel: draft }));
    // ssh_config keywords are saved in lower case, as the resolver reads them.
    expect(saved.profile.connection.spec.options).toEqual({ stricthostkeychecking: 'yes' });
    expect(await call(core, 'tunnels.save', { tunnel: draft })).toMatchObject({ ok: false, error: { code: 'TUNNEL_EXISTS' } });
    value(await call(core, 'tunnels.save', { tunnel: { ...draft, name: 'web-other' } }));
    expect(await call(core, 'tunnels.save', { tunnel: { ...draft, name: 'web-other' }, previousName: 'web' })).toMatchObject({
      ok: false,
      error: { code: 'TUNNEL_EXISTS' },
    });
    value(await call(core, 'tunnels.remove', { name: 'web-other' }));
    expect(await call(core, 'tunnels.save', { tunnel: { ...draft, name: 'web2' }, previousName: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'TUNNEL_NOT_FOUND' },
    });

    value(await call(core, 'tunnels.save', { tunnel: { ...draft, name: 'web2' }, previousName: 'web' }));
    const names = value(await call<{ profile: { name: string } }[]>(core, 'tunnels.list', {})).map((entry) => entry.profile.name);
    expect(names).toContain('web2');
    expect(names).not.toContain('web');

    value(await call(core, 'tunnels.start', { name: 'web2' }));
    await pollUntil(() => statuses('web2').find((s) => s.state === 'up'), { message: 'web2 to come up' });
    const result = await echoRoundTrip(await connectTcp(port), 64 * 1024);
    expect(result.received).toBe(result.sent);
    expect(value(await call(core, 'tunnels.remove', { name: 'web2' }))).toEqual({});
    expect(lastStatus('web2')).toMatchObject({ state: 'stopped' });
    await pollUntil(() => canBind(port), { message: 'the port to be released' });
    expect(await call(core, 'tunnels.remove', { name: 'web2' })).toMatchObject({ ok: false, error: { code: 'TUNNEL_NOT_FOUND' } });
    expect(await call(core, 'tunnels.start', { name: 'web2' })).toMatchObject({ ok: false, error: { code: 'TUNNEL_NOT_FOUND' } });
  });
});

describe('tunnels shared with the CLI', () => {
  it('jumpgate tunnel list shows a tunnel the app runs, tunnel up refuses it, and tunnel rm stops it in the app', async () => {
    const port = await freePort();
    value(await call(core, 'tunnels.save', { tunnel: tunnel('shared', sshd, [localForward(port)]) }));
    value(await call(core, 'tunnels.start', { name: 'shared' }));
    await pollUntil(() => statuses('shared').find((s) => s.state === 'up'), { message: 'the tunnel to come up' });
    const cliEnv = { ...env.env, JUMPGATE_HOME: dataDir };

    const listed = await runCli(['tunnel', 'list'], { env: cliEnv });
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`shared\\s+up \\(pid ${process.pid}\\)`));
    const up = await runCli(['tunnel', 'up', 'shared'], { env: cliEnv });
    expect(up.status).toBe(255);
    expect(up.stderr).toContain(`already up in process ${process.pid}`);

    const removed = await runCli(['tunnel', 'rm', 'shared'], { env: cliEnv });
    expect(removed.status).toBe(0);
    // Noticed without anyone listing: the app's listener closes, and the windows hear to list again.
    await pollUntil(() => lastStatus('shared')?.state === 'stopped', { message: 'the removed tunnel to stop in the app by itself' });
    await pollUntil(() => canBind(port), { message: 'the port to be released' });
    expect(events.some((e) => e.name === 'tunnels.changed')).toBe(true);
    const names = value(await call<{ profile: { name: string } }[]>(core, 'tunnels.list', {})).map((entry) => entry.profile.name);
    expect(names).not.toContain('shared');
    expect(lastStatus('shared')).toMatchObject({ state: 'stopped' });
    await pollUntil(() => canBind(port), { message: 'the port to be released' });
  });
  it('a tunnel that jumpgate tunnel up runs is listed with its pid and status; the app will not start it, and stopping it stops that process', async () => {
    const port = await freePort();
    value(await call(core, 'tunnels.save', { tunnel: tunnel('cli-run', sshd, [localForward(port)]) }));
    const child = spawn(process.execPath, [CLI, 'tunnel', 'up', 'cli-run'], {
      env: { ...env.env, JUMPGATE_HOME: dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      type Entry = { profile: { name: string }; status: TunnelStatus; runningElsewhere?: { pid: number } };
      const entry = await pollUntil(
        async () => {
          const found = value(await call<Entry[]>(core, 'tunnels.list', {})).find((candidate) => candidate.profile.name === 'cli-run');
          return found?.status.state === 'up' ? found : undefined;
        },
        { message: `the CLI's tunnel to show as up; its stderr: ${stderr}` },
      );
      expect(entry.runningElsewhere).toEqual({ pid: child.pid });
      expect(entry.status.forwards[0]).toMatchObject({ state: 'listening', boundPort: port });
      const started = await call(core, 'tunnels.start', { name: 'cli-run' });
      expect(started).toMatchObject({ ok: false, error: { code: 'OWNED_ELSEWHERE', message: expect.stringContaining(`process ${child.pid}`) } });
      expect(await call(core, 'tunnels.stop', { name: 'cli-run' })).toMatchObject({ ok: true, value: { state: 'stopped' } });
      // Answered once that process has let go: its port is free and it said so.
      expect(await canBind(port)).toBe(true);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('closed');
    const after = value(await call<{ profile: { name: string }; status: TunnelStatus; runningElsewhere?: unknown }[]>(core, 'tunnels.list', {})).find(
      (candidate) => candidate.profile.name === 'cli-run',
    );
    expect(after).toMatchObject({ status: { state: 'stopped' } });
    expect(after?.runningElsewhere).toBeUndefined();
    value(await call(core, 'tunnels.remove', { name: 'cli-run' }));
  });
});

describe('the port check of the tunnel editor', () => {
  it('says a port is free, names a port another program holds, and names the tunnel that holds one', async () => {
    const port = await freePort();
    expect(value(await call(core, 'tunnels.checkPort', { port }))).toEqual({ isFree: true });
    const holder = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    try {
      expect(value(await call(core, 'tunnels.checkPort', { port }))).toMatchObject({
        isFree: false,
        code: 'FORWARD_PORT_IN_USE',
        message: expect.stringContaining(`Port ${port} is already in use`),
      });
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    value(await call(core, 'tunnels.save', { tunnel: tunnel('holder', sshd, [localForward(port)]) }));
    value(await call(core, 'tunnels.start', { name: 'holder' }));
    await pollUntil(() => statuses('holder').find((s) => s.state === 'up'), { message: 'the tunnel to come up' });
    expect(value(await call(core, 'tunnels.checkPort', { bindAddress: '127.0.0.1', port }))).toMatchObject({ isFree: false, tunnel: 'holder' });
    value(await call(core, 'tunnels.remove', { name: 'holder' }));
    expect(value(await call(core, 'tunnels.checkPort', { port }))).toEqual({ isFree: true });
  });
});

describe('the port check naming another program', () => {
  it.runIf(process.platform === 'linux')('names the program and pid holding the port, and the next free port to use instead', async () => {
    const { pid, port, stop } = await holdPortInChild();
    try {
      const check = value(await call<{ holder?: unknown; nextFreePort?: number; message?: string }>(core, 'tunnels.checkPort', { port }));
      expect(check).toMatchObject({ isFree: false, code: 'FORWARD_PORT_IN_USE', holder: { pid, program: 'node' } });
      expect(check.message).toContain(`by node (process ${pid})`);
      expect(check.nextFreePort).toBeGreaterThan(port);
      expect(value(await call(core, 'tunnels.checkPort', { port: check.nextFreePort }))).toEqual({ isFree: true });
    } finally {
      stop();
    }
  });
});

describe('the tunnel store in the app core', () => {
  it('a broken tunnels.json shows in storage.problems, kept as a backup', async () => {
    const dir = makeTempDir('data');
    try {
      writeFileSync(join(dir.path, 'tunnels.json'), '{"schemaVersion": 1, "tunnels": [');
      const broken = makeCore(dir.path, { autoStartTunnels: false });
      try {
        const problems = value(await call<{ file: string; backup?: string }[]>(broken, 'storage.problems', {}));
        expect(problems).toEqual([expect.objectContaining({ file: join(dir.path, 'tunnels.json'), backup: expect.stringContaining('tunnels.json.corrupt-') })]);
        expect(value(await call(broken, 'tunnels.list', {}))).toEqual([]);
      } finally {
        broken.dispose();
      }
    } finally {
      dir.dispose();
    }
  });

  it('tunnels saved with auto-start come up when the core starts, unless the core is told not to', async () => {
    const dir = makeTempDir('data');
    const port = await freePort();
    try {
      const first = makeCore(dir.path, { autoStartTunnels: false });
      value(await call(first, 'tunnels.save', { tunnel: tunnel('auto', sshd, [localForward(port)], { autoStart: true }) }));
      value(await call(first, 'tunnels.save', { tunnel: tunnel('manual', sshd, [localForward(0)]) }));
      first.dispose();

      const optedOut = makeCore(dir.path, { autoStartTunnels: false });
      expect(value(await call<{ status: TunnelStatus }[]>(optedOut, 'tunnels.list', {})).map((entry) => entry.status.state)).toEqual(['stopped', 'stopped']);
      optedOut.dispose();

      const started = makeCore(dir.path);
      try {
        // The host key is in ~/.ssh/known_hosts, so nobody needs to be asked (no window is connected).
        await pollUntil(async () => value(await call<{ status: TunnelStatus }[]>(started, 'tunnels.list', {}))[0]!.status.state === 'up', {
          message: 'the auto-start tunnel to come up',
        });
        expect(value(await call<{ status: TunnelStatus }[]>(started, 'tunnels.list', {}))[1]!.status.state).toBe('stopped');
        const result = await echoRoundTrip(await connectTcp(port), 64 * 1024);
        expect(result.received).toBe(result.sent);
      } finally {
        started.dispose();
      }
      await pollUntil(() => canBind(port), { message: 'the port to be released when the core is disposed' });
    } finally {
      dir.dispose();
    }
  });
});
