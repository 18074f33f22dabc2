import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HopSpec } from '../shared/model';
import { ConnectionRecorder } from '../main/sftp/transfer/connection-recipe';
import { LocalFileSystem } from '../main/sftp/protocol/local-file-system';
import { SegmentWorkers } from '../main/sftp/transfer/segment-workers';
import { SftpSession } from '../main/sftp/protocol/sftp-session';
import { TransferControl } from '../main/sftp/transfer/transfer-control';
import { runTransfer } from '../main/sftp/transfer/transfer-job';
import { SshConnector } from '../main/ssh/connect/ssh-connector';
import { getTestKeys } from '../test/fixtures/keys';
import { makeSshEnv } from '../test/fixtures/ssh-env';
import { type SshdHandle, startSshd } from '../test/fixtures/sshd';
import { makeTempDir } from '../test/helpers/temp-dir';
import { type BenchRow, median } from './stats';

const run = promisify(execFile);
export const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Both sides on the same cipher: OpenSSH's default (chacha20) is slower for ssh2 than AES-GCM. */
export const CIPHER = 'aes128-gcm@openssh.com';
export const TREE_FILES = 2_000;

/** One side of the work, copied by each contender into a fresh `out` directory. */
export interface SftpStand {
  server: SshdHandle;
  work: string;
  out: string;
  /** The port the contenders connect to: sshd's, or a relay's in front of it. */
  port: number;
  jumpgate(args: string[]): Promise<unknown>;
  sftp(name: string, line: string): Promise<unknown>;
  scp(args: string[]): Promise<unknown>;
  /** The engine in this process over one connection (plus `workers` extra ones for large files). */
  engine(direction: 'down' | 'up', srcPath: string, options?: { recursive?: boolean; workers?: number }): Promise<unknown>;
  /** Runs the contenders in turn, round after round, so a load that comes and goes hits all alike; medians in ms. */
  race<K extends string>(contenders: Record<K, () => Promise<unknown>>, runs?: number): Promise<Record<K, number>>;
  /** Lowest and highest of the last race's runs for two contenders, in a row's unit. */
  spreadOf(ours: string, theirs: string, toUnit?: (ms: number) => number): BenchRow['spread'];
  dispose(): Promise<void>;
}

/**
 * sshd on loopback with the test key, an isolated HOME, an OpenSSH config both tools share,
 * and a connection of the engine's own; `relay` puts something (a slow link) in front of sshd.
 */
export async function startSftpStand(relay?: (sshdPort: number) => Promise<{ port: number; close(): void }>): Promise<SftpStand> {
  const keys = await getTestKeys();
  const server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], logLevel: 'INFO' });
  const link = relay ? await relay(server.port) : undefined;
  const port = link?.port ?? server.port;
  const env = makeSshEnv();
  const temp = makeTempDir('bench-sftp');
  const work = temp.path;
  const out = join(work, 'out');
  env.addKnownHosts(server.knownHostsLines().map((line) => line.replace(`]:${server.port} `, `]:${port} `)));
  const config = join(env.sshDir, 'bench_config');
  writeFileSync(
    config,
    `Host *\n  IdentityFile ${keys.ed25519.path}\n  IdentitiesOnly yes\n  IdentityAgent none\n  UserKnownHostsFile ${env.knownHostsPath}\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  User root\n  Ciphers ${CIPHER}\n`,
  );
  const host = '127.0.0.1';
  const sshFlags = ['-F', config, '-P', String(port)];

  const recorder = new ConnectionRecorder();
  const connector = new SshConnector(recorder.connectorOptions(undefined));
  const hops = [
    HopSpec.parse({
      alias: host,
      host,
      port,
      user: 'root',
      identityFiles: [keys.ed25519.path],
      userKnownHostsFiles: [env.knownHostsPath],
      strictHostKeyChecking: 'yes',
      ciphers: [CIPHER],
    }),
  ];
  const lease = await connector.connect(hops);
  const session = await SftpSession.open(lease.connection);
  const pools = new Map<number, SegmentWorkers>();
  const local = new LocalFileSystem();
  let lastRuns: Record<string, number[]> = {};

  const stand: SftpStand = {
    server,
    work,
    out,
    port,
    jumpgate: (args) => run(process.execPath, ['out/cli/jumpgate.mjs', 'cp', '-q', ...sshFlags, ...args], { env: env.env }),
    sftp: (name, line) => {
      const batch = join(work, `${name}.batch`);
      writeFileSync(batch, `${line}\n`);
      return run('sftp', ['-q', '-b', batch, ...sshFlags, host], { env: env.env });
    },
    scp: (args) => run('scp', ['-q', ...sshFlags, ...args], { env: env.env }),
    engine: async (direction, srcPath, { recursive = false, workers = 0 } = {}) => {
      let pool = pools.get(workers);
      if (workers > 0 && !pool) pools.set(workers, (pool = await SegmentWorkers.start(session, recorder.recipeFor(hops)!, workers)));
      const down = direction === 'down';
      return runTransfer(
        {
          src: down ? session : local,
          srcPaths: [srcPath],
          dst: down ? local : session,
          dstPath: out,
          recursive,
          verify: 'size',
          segments: pool ? async () => pool : undefined,
        },
        new TransferControl(),
      );
    },
    race: async (contenders, runs = RUNS) => {
      const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, [] as number[]])) as Record<string, number[]>;
      for (let round = 0; round <= runs; round++) {
        for (const [name, fn] of Object.entries(contenders) as [string, () => Promise<unknown>][]) {
          rmSync(out, { recursive: true, force: true });
          mkdirSync(out);
          const started = performance.now();
          await fn();
          // Round 0 warms up caches and the JIT.
          if (round > 0) times[name]!.push(performance.now() - started);
        }
      }
      lastRuns = times;
      return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as never;
    },
    spreadOf: (ours, theirs, toUnit = (ms) => ms) => {
      const range = (name: string): [number, number] => {
        const values = (lastRuns[name] ?? []).map(toUnit);
        return [Math.min(...values), Math.max(...values)];
      };
      return { ours: range(ours), theirs: range(theirs) };
    },
    dispose: async () => {
      for (const pool of pools.values()) pool.dispose();
      session.dispose();
      lease.dispose();
      connector.dispose();
      link?.close();
      await server.dispose();
      env.dispose();
      temp.dispose();
    },
  };
  return stand;
}

/** `bytes` of random data at `path`. */
export function makeBigFile(path: string, bytes: number): void {
  writeFileSync(path, randomBytes(bytes));
}

/** `files` files of 1–16 KiB in 40 directories, two levels deep. */
export function makeTree(root: string, files = TREE_FILES): void {
  for (let d = 0; d < 40; d++) {
    const dir = join(root, `group-${Math.floor(d / 8)}`, `dir-${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < files / 40; f++) writeFileSync(join(dir, `file-${f}.txt`), randomBytes(1024 + (((d * 50 + f) * 7919) % (15 * 1024))));
  }
}
