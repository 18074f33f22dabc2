import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestKeys, type TestKeys } from '../../fixtures/keys';
import { type LatencyRelay, startLatencyRelay } from '../../fixtures/latency-relay';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { runCli } from '../../helpers/cli';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { sha256File, writeRandomFile } from './sftp-fixture';

let keys: TestKeys;
let env: SshEnv;
let server: SshdHandle;
let relay: LatencyRelay;
let dir: TempDir;

/** sshd, and a relay in front of it that makes the link 80 ms long. */
beforeAll(async () => {
  keys = await getTestKeys();
  server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
  relay = await startLatencyRelay(server.port, 80);
  env = makeSshEnv();
  const lines = server.knownHostsLines();
  env.addKnownHosts([...lines, ...lines.map((line) => line.replace(`]:${server.port} `, `]:${relay.port} `))]);
  env.writeConfig(`Host *\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n`);
  dir = makeTempDir('cp-auto');
}, 60_000);
afterAll(async () => {
  relay?.close();
  await server?.dispose();
  env?.dispose();
  dir?.dispose();
});

const upload = (port: number, source: string, target: string) =>
  runCli(['cp', '-v', '--verify=size', '-i', keys.ed25519.path, '-P', String(port), source, `root@127.0.0.1:${target}`], { env: env.env, timeoutMs: 60_000 });

describe('jumpgate cp --connections=auto (the default)', () => {
  it('splits a large upload over several connections on a long link, and the copy is identical', async () => {
    const source = join(dir.path, 'large.bin');
    const digest = writeRandomFile(source, 40 * 1024 * 1024);
    mkdirSync(join(dir.path, 'far'));
    const result = await upload(relay.port, source, join(dir.path, 'far'));
    expect(result.status).toBe(0);
    // 2 MiB of server window per 80 ms is ~25 MiB/s a stream: the most connections auto uses.
    expect(result.stderr).toMatch(/one stream carries up to \d+ MiB\/s; 4 connections/);
    expect(result.stderr).toMatch(/4 transfer workers connected/);
    expect(await sha256File(join(dir.path, 'far', 'large.bin'))).toBe(digest);
  }, 90_000);

  it('keeps one connection on loopback, where one stream is limited by CPU', async () => {
    const source = join(dir.path, 'large.bin');
    mkdirSync(join(dir.path, 'near'));
    const result = await upload(server.port, source, join(dir.path, 'near'));
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/; one connection\n/);
    expect(result.stderr).not.toMatch(/transfer workers connected/);
    expect(await sha256File(join(dir.path, 'near', 'large.bin'))).toBe(await sha256File(source));
  }, 60_000);
});
