import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { getTestKeys } from '../test/fixtures/keys';
import { makeSshEnv } from '../test/fixtures/ssh-env';
import { startSshd } from '../test/fixtures/sshd';
import { pollUntil } from '../test/helpers/poll-until';
import { type BenchRow, median, printTable } from './stats';

const MIB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_FORWARD_MIB ?? 512) * MIB;
const RUNS = Number(process.env.BENCH_FORWARD_RUNS ?? 3);
const CHUNK = Buffer.alloc(MIB, 0x5a);

/** Writes `size` bytes with backpressure, then ends. */
function pump(socket: net.Socket, size: number): void {
  let left = size;
  const more = () => {
    while (left > 0) {
      const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= piece.length;
      if (!socket.write(piece)) return void socket.once('drain', more);
    }
    socket.end();
  };
  more();
}

/** A sink that reports each connection's byte count when the client has ended, and a source that sends SIZE bytes. */
async function startEndpoints() {
  const finished: ((bytes: number) => void)[] = [];
  const sink = net.createServer({ noDelay: true }, (socket) => {
    let bytes = 0;
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
    socket.on('end', () => {
      socket.end();
      // The readiness probes connect and close at once: only real runs count.
      if (bytes > 0) finished.shift()?.(bytes);
    });
  });
  const source = net.createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => {});
    socket.resume();
    pump(socket, SIZE);
  });
  await Promise.all([sink, source].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
  const port = (server: net.Server) => (server.address() as net.AddressInfo).port;
  return { sink, source, sinkPort: port(sink), sourcePort: port(source), nextSinkResult: () => new Promise<number>((resolve) => finished.push(resolve)) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Peak resident memory of a process so far (VmHWM), in MiB. */
function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** CPU time (user + system) a process has used so far, in seconds. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface ForwarderResult {
  uploadMiBs: number;
  downloadMiBs: number;
  rssAtStartMiB: number;
  peakRssMiB: number;
  /** CPU seconds per GiB carried, over every run both ways: steadier than speed on a busy machine. */
  cpuPerGiB: number;
}

/** Runs one forwarder process (`ssh -N -L …` or `jumpgate ssh -N -L …`), measures both directions RUNS times. */
async function measure(
  command: string[],
  env: NodeJS.ProcessEnv,
  endpoints: Awaited<ReturnType<typeof startEndpoints>>,
  buildArgs: (up: number, down: number) => string[],
): Promise<ForwarderResult> {
  const [up, down] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(command[0]!, [...command.slice(1), ...buildArgs(up, down)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await pollUntil(
      async () =>
        (
          await Promise.all(
            [up, down].map((port) =>
              connect(port).then(
                (s) => (s.destroy(), true),
                () => false,
              ),
            ),
          )
        ).every(Boolean),
      {
        timeoutMs: 20_000,
        message: `${command.join(' ')} to listen`,
      },
    );
    const rssAtStartMiB = peakRssMiB(child.pid!);
    const cpuAtStart = cpuSeconds(child.pid!);
    const uploads: number[] = [];
    const downloads: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const received = endpoints.nextSinkResult();
      const startedUp = performance.now();
      pump(await connect(up), SIZE);
      const bytes = await received;
      uploads.push(SIZE / MIB / ((performance.now() - startedUp) / 1000));
      if (bytes !== SIZE) throw new Error(`upload carried ${bytes} of ${SIZE} bytes`);

      const startedDown = performance.now();
      const socket = await connect(down);
      let got = 0;
      socket.on('data', (chunk: Buffer) => (got += chunk.length));
      await new Promise((resolve) => socket.once('end', resolve));
      downloads.push(SIZE / MIB / ((performance.now() - startedDown) / 1000));
      socket.destroy();
      if (got !== SIZE) throw new Error(`download carried ${got} of ${SIZE} bytes`);
    }
    const cpuPerGiB = (cpuSeconds(child.pid!) - cpuAtStart) / ((RUNS * 2 * SIZE) / 1024 / MIB);
    return { uploadMiBs: median(uploads), downloadMiBs: median(downloads), rssAtStartMiB, peakRssMiB: peakRssMiB(child.pid!), cpuPerGiB };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  }
}

/**
 * -L throughput: SIZE bytes each way through `ssh -N -L` and `jumpgate ssh -N -L` (the built CLI,
 * a whole process like ssh), same sshd, same cipher, same run; plus each forwarder's peak RSS,
 * which shows whether memory stays flat while RUNS × 2 × SIZE bytes go through.
 */
export async function benchForwardThroughput(): Promise<void> {
  const keys = await getTestKeys();
  const server = await startSshd({ authorizedKeys: [keys.ed25519.publicKey] });
  const env = makeSshEnv();
  const endpoints = await startEndpoints();
  try {
    env.addKnownHosts(server.knownHostsLines());
    const config = join(env.sshDir, 'bench_config');
    writeFileSync(
      config,
      `Host *\n  IdentityFile ${keys.ed25519.path}\n  IdentitiesOnly yes\n  IdentityAgent none\n  UserKnownHostsFile ${env.knownHostsPath}\n  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n  User root\n`,
    );
    const rows: BenchRow[] = [];
    const memory: string[] = [];
    for (const cipher of ['aes128-gcm@openssh.com', 'chacha20-poly1305@openssh.com']) {
      const args = (up: number, down: number) => [
        '-F',
        config,
        '-N',
        '-o',
        'ExitOnForwardFailure=yes',
        '-o',
        `Ciphers=${cipher}`,
        '-L',
        `${up}:127.0.0.1:${endpoints.sinkPort}`,
        '-L',
        `${down}:127.0.0.1:${endpoints.sourcePort}`,
        '-p',
        String(server.port),
        '127.0.0.1',
      ];
      const openssh = await measure(['ssh'], env.env, endpoints, args);
      const ours = await measure([process.execPath, 'out/cli/jumpgate.mjs', 'ssh'], env.env, endpoints, args);
      const label = cipher.replace('@openssh.com', '');
      rows.push({ name: `-L upload ${SIZE / MIB} MiB, ${label}`, ours: ours.uploadMiBs, theirs: openssh.uploadMiBs, unit: 'MiB/s', better: 'higher' });
      rows.push({ name: `-L download ${SIZE / MIB} MiB, ${label}`, ours: ours.downloadMiBs, theirs: openssh.downloadMiBs, unit: 'MiB/s', better: 'higher' });
      rows.push({ name: `-L CPU per GiB forwarded, ${label}`, ours: ours.cpuPerGiB, theirs: openssh.cpuPerGiB, unit: 's', better: 'lower' });
      memory.push(
        `${label}: peak RSS jumpgate ${ours.peakRssMiB.toFixed(1)} MiB (${ours.rssAtStartMiB.toFixed(1)} MiB once listening), ` +
          `ssh ${openssh.peakRssMiB.toFixed(1)} MiB (${openssh.rssAtStartMiB.toFixed(1)} MiB once listening), after ${(RUNS * 2 * SIZE) / MIB} MiB each`,
      );
    }
    printTable(`-L throughput, whole process, median of ${RUNS} (loopback sshd)`, rows);
    for (const line of memory) console.log(line);
  } finally {
    endpoints.sink.close();
    endpoints.source.close();
    await server.dispose();
    env.dispose();
  }
}
