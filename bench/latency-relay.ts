import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Socket, connect } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * A TCP relay on 127.0.0.1 that holds every byte for half a round trip in each direction: a
 * long link without a bandwidth limit, for benchmarks (this machine has no netem). It runs in a
 * process of its own so that its work does not land on the thread being measured, and it
 * leaves flow control to TCP: a side that stops reading stops the other side's sender.
 */
export interface LatencyRelay {
  port: number;
  close(): void;
}

export async function startLatencyRelay(targetPort: number, roundTripMs: number): Promise<LatencyRelay> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), String(targetPort), String(roundTripMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`latency relay exited with ${code}`)));
    child.stdout!.once('data', (line: Buffer) => resolve(Number(line.toString().trim())));
  });
  return { port, close: () => child.kill() };
}

/** Bytes held in one direction before the relay stops reading from the sender. */
const MAX_HELD = 64 * 1024 * 1024;

/** Delivers what `from` sends to `to` `delayMs` later, in order. */
function delayedPipe(from: Socket, to: Socket, delayMs: number): void {
  const queue: { due: number; data: Buffer }[] = [];
  let held = 0;
  let timer: NodeJS.Timeout | undefined;
  const deliver = (): void => {
    timer = undefined;
    const now = performance.now();
    while (queue.length && queue[0]!.due <= now) {
      const { data } = queue.shift()!;
      held -= data.length;
      to.write(data);
    }
    if (held < MAX_HELD / 2 && from.isPaused()) from.resume();
    if (queue.length) timer = setTimeout(deliver, Math.max(0, queue[0]!.due - now));
  };
  from.on('data', (data: Buffer) => {
    queue.push({ due: performance.now() + delayMs, data });
    held += data.length;
    if (held > MAX_HELD) from.pause();
    timer ??= setTimeout(deliver, delayMs);
  });
  from.on('end', () => {
    const finish = () => (queue.length ? setTimeout(finish, delayMs) : to.end());
    finish();
  });
  from.on('error', () => to.destroy());
}

function serve(targetPort: number, roundTripMs: number): void {
  const server = createServer((client) => {
    client.setNoDelay(true);
    const upstream = connect(targetPort, '127.0.0.1');
    upstream.setNoDelay(true);
    delayedPipe(client, upstream, roundTripMs / 2);
    delayedPipe(upstream, client, roundTripMs / 2);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) serve(Number(process.argv[2]), Number(process.argv[3]));
