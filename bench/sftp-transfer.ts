import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HopSpec } from '../shared/model';
import { PromptBroker } from '../main/prompts/prompt-broker';
import { LocalFileSystem } from '../main/sftp/local-file-system';
import { ConnectionRecorder } from '../main/sftp/connection-recipe';
import { SegmentWorkers } from '../main/sftp/segment-workers';
import { SftpSession } from '../main/sftp/sftp-session';
import { TransferControl } from '../main/sftp/transfer-control';
import { runTransfer } from '../main/sftp/transfer-job';
import { SshConnector } from '../main/ssh/ssh-connector';
import { getTestKeys } from '../test/fixtures/keys';
import { makeSshEnv } from '../test/fixtures/ssh-env';
import { startSshd } from '../test/fixtures/sshd';
import { makeTempDir } from '../test/helpers/temp-dir';
import { type BenchRow, median, printTable } from './stats';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BIG = Number(process.env.BENCH_SFTP_MIB ?? 256) * 1024 * 1024;
const TREE_FILES = 2_000;
/** Both sides on the same cipher: OpenSSH's default (chacha20) is slower for ssh2 than AES-GCM. */
const CIPHER = 'aes128-gcm@openssh.com';

/**
 * 256 MiB down and up, and a tree of 2,000 small files down and up: `jumpgate cp` (whole
 * process) and the engine in a running process, against OpenSSH's `sftp -b` and `scp` on the
 * same sshd in the same run.
 */
export async function benchSftpTransfer(): Promise<void> {
  const keys = await getTestKeys();
  const server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], logLevel: 'INFO' });
  const env = makeSshEnv();
  const work = makeTempDir('bench-sftp');
  try {
    env.addKnownHosts(server.knownHostsLines());
    const config = join(env.sshDir, 'bench_config');
    writeFileSync(config, `Host *\n  IdentityFile ${keys.ed25519.path}\n  IdentitiesOnly yes\n  IdentityAgent none\n  UserKnownHostsFile ${env.knownHostsPath}\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  User root\n  Ciphers ${CIPHER}\n`);
    const host = '127.0.0.1';
    const sshFlags = ['-F', config, '-P', String(server.port)];
    const big = join(work.path, 'big.bin');
    writeFileSync(big, randomBytes(BIG));
    const tree = join(work.path, 'tree');
    makeTree(tree);
    const out = join(work.path, 'out');
    const fresh = () => {
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out);
    };
    const batch = (name: string, line: string) => {
      const path = join(work.path, name);
      writeFileSync(path, `${line}\n`);
      return path;
    };
    const jumpgate = (args: string[]) => run(process.execPath, ['out/cli/jumpgate.mjs', 'cp', '-q', ...sshFlags, ...args], { env: env.env });
    const sftp = (batchFile: string) => run('sftp', ['-q', '-b', batchFile, ...sshFlags, host], { env: env.env });
    const scp = (args: string[]) => run('scp', ['-q', ...sshFlags, ...args], { env: env.env });
    /** Every run of the last race, for the spread of a row (`toUnit` turns ms into the row's unit). */
    let lastRuns: Record<string, number[]> = {};
    /** Runs the contenders in turn, round after round, so a load that comes and goes hits all of them alike. */
    const race = async <K extends string>(contenders: Record<K, () => Promise<unknown>>): Promise<Record<K, number>> => {
      const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, [] as number[]])) as Record<K, number[]>;
      for (let round = 0; round <= RUNS; round++) {
        for (const [name, fn] of Object.entries(contenders) as [K, () => Promise<unknown>][]) {
          fresh();
          const started = performance.now();
          await fn();
          // Round 0 warms up caches and the JIT.
          if (round > 0) times[name].push(performance.now() - started);
        }
      }
      lastRuns = times as Record<string, number[]>;
      return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v as number[])])) as Record<K, number>;
    };
    const spreadOf = (ours: string, theirs: string, toUnit: (ms: number) => number = (ms) => ms): BenchRow['spread'] => {
      const range = (name: string): [number, number] => {
        const values = (lastRuns[name] ?? []).map(toUnit);
        return [Math.min(...values), Math.max(...values)];
      };
      return { ours: range(ours), theirs: range(theirs) };
    };

    const recorder = new ConnectionRecorder();
    const connector = new SshConnector({ broker: new PromptBroker(undefined), knownHostsFor: recorder.knownHostsFor });
    const hops = [HopSpec.parse({ alias: host, host, port: server.port, user: 'root', identityFiles: [keys.ed25519.path], userKnownHostsFiles: [env.knownHostsPath], strictHostKeyChecking: 'yes', ciphers: [CIPHER] })];
    const lease = await connector.connect(hops);
    const session = await SftpSession.open(lease.connection);
    const workers = await SegmentWorkers.start(session, recorder.recipeFor(hops)!, 2);
    const local = new LocalFileSystem();
    const engine = (down: boolean, srcPath: string, recursive = false, isSegmented = false) =>
      runTransfer({ src: down ? session : local, srcPaths: [srcPath], dst: down ? local : session, dstPath: out, recursive, verify: 'size', segments: isSegmented ? async () => workers : undefined }, new TransferControl());

    const rows: BenchRow[] = [];
    const mib = (ms: number) => BIG / 1024 / 1024 / (ms / 1000);
    for (const direction of ['down', 'up'] as const) {
      const remote = (path: string) => `${host}:${path}`;
      const [from, to] = direction === 'down' ? [remote(big), out] : [big, remote(out)];
      const sftpLine = direction === 'down' ? `get ${big} ${out}/` : `put ${big} ${out}/`;
      const sftpBatch = batch('big.batch', sftpLine);
      const t = await race({
        ours: () => jumpgate([from, to]),
        oursSize: () => jumpgate(['--verify=size', from, to]),
        inProcess: () => engine(direction === 'down', big),
        segmented: () => engine(direction === 'down', big, false, true),
        cliSegmented: () => jumpgate(['--verify=size', '--connections=2', from, to]),
        theirsSftp: () => sftp(sftpBatch),
        theirsScp: () => scp([from, to]),
      });
      const { ours, oursSize, inProcess, segmented, cliSegmented, theirsSftp, theirsScp } = t;
      const label = `${BIG / 1024 / 1024} MiB ${direction}`;
      const row = (name: string, oursKey: string, value: number, theirsKey: string, theirs: number, note?: string): BenchRow =>
        ({ name: `${label}: ${name}`, ours: mib(value), theirs: mib(theirs), unit: 'MiB/s', better: 'higher', note, spread: spreadOf(oursKey, theirsKey, mib) });
      rows.push(row('cp (sha256 check) vs sftp -b', 'ours', ours, 'theirsSftp', theirsSftp));
      rows.push(row('cp --verify=size vs sftp -b', 'oursSize', oursSize, 'theirsSftp', theirsSftp));
      rows.push(row('cp --verify=size vs scp', 'oursSize', oursSize, 'theirsScp', theirsScp));
      rows.push(row('cp --connections=2 vs sftp -b', 'cliSegmented', cliSegmented, 'theirsSftp', theirsSftp, 'segmented, size check'));
      rows.push(row('in a running process vs sftp -b', 'inProcess', inProcess, 'theirsSftp', theirsSftp, 'one connection, no process start'));
      rows.push(row('same, 2 connections vs sftp -b', 'segmented', segmented, 'theirsSftp', theirsSftp, 'segmented, 2 worker threads'));
    }
    for (const direction of ['down', 'up'] as const) {
      const [from, to] = direction === 'down' ? [`${host}:${tree}`, out] : [tree, `${host}:${out}`];
      const sftpLine = direction === 'down' ? `get -r ${tree} ${out}/` : `put -r ${tree} ${out}/`;
      const sftpBatch = batch('tree.batch', sftpLine);
      const { ours, inProcess, theirsSftp, theirsScp } = await race({
        ours: () => jumpgate(['-r', from, to]),
        inProcess: () => engine(direction === 'down', tree, true),
        theirsSftp: () => sftp(sftpBatch),
        theirsScp: () => scp(['-r', from, to]),
      });
      const label = `tree of ${TREE_FILES} files ${direction}`;
      rows.push({ name: `${label}: cp -r vs sftp -b`, ours, theirs: theirsSftp, unit: 'ms', better: 'lower', spread: spreadOf('ours', 'theirsSftp') });
      rows.push({ name: `${label}: cp -r vs scp -r`, ours, theirs: theirsScp, unit: 'ms', better: 'lower', spread: spreadOf('ours', 'theirsScp') });
      rows.push({ name: `${label}: in a running process vs sftp -b`, ours: inProcess, theirs: theirsSftp, unit: 'ms', better: 'lower', spread: spreadOf('inProcess', 'theirsSftp') });
    }
    workers.dispose();
    session.dispose();
    lease.dispose();
    connector.dispose();
    printTable(`SFTP transfers (median of ${RUNS}, loopback sshd, ${CIPHER} on both sides)`, rows);
  } finally {
    await server.dispose();
    env.dispose();
    work.dispose();
  }
}

/** 2,000 files of 1–16 KiB in 40 directories, two levels deep. */
function makeTree(root: string): void {
  for (let d = 0; d < 40; d++) {
    const dir = join(root, `group-${Math.floor(d / 8)}`, `dir-${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < TREE_FILES / 40; f++) writeFileSync(join(dir, `file-${f}.txt`), randomBytes(1024 + ((d * 50 + f) * 7919) % (15 * 1024)));
  }
}
