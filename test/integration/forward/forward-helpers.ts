import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import net from 'node:net';

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A TCP (or unix-socket) server that echoes every byte and keeps half-close: it ends after the client does. */
export async function startEchoServer(
  listen: { port: 0 } | { path: string } = { port: 0 },
): Promise<{ port: number; server: net.Server; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen('path' in listen ? listen.path : { host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    server,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends `size` random bytes through a connected socket, half-closes, and returns what came back with the hash of what was sent. */
export function echoRoundTrip(socket: net.Socket, size = 4 * 1024 * 1024): Promise<{ sent: string; received: string; bytes: number }> {
  const payload = randomBytes(size);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('end', () => {
      const received = Buffer.concat(chunks);
      socket.destroy();
      resolve({ sent: sha256(payload), received: sha256(received), bytes: received.length });
    });
    socket.end(payload);
    socket.resume();
  });
}

export function connectTcp(port: number, host = '127.0.0.1'): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, allowHalfOpen: true });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Reads exactly `count` bytes (resolves early with fewer if the socket ends). */
function readBytes(socket: net.Socket, count: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= count) finish();
    };
    const finish = () => {
      socket.off('data', onData);
      socket.off('end', finish);
      socket.off('error', reject);
      socket.pause();
      if (buffered.length > count) socket.unshift(buffered.subarray(count));
      resolve(buffered.subarray(0, count));
    };
    socket.on('data', onData);
    socket.once('end', finish);
    socket.once('error', reject);
    socket.resume();
  });
}

/** A SOCKS5 CONNECT by host name (no auth); resolves with the socket and the reply code. */
export async function socks5Connect(proxyPort: number, host: string, port: number): Promise<{ socket: net.Socket; reply: number }> {
  const socket = await connectTcp(proxyPort);
  socket.write(Buffer.from([5, 1, 0]));
  const choice = await readBytes(socket, 2);
  if (choice[1] !== 0) throw new Error(`proxy chose method ${choice[1]}`);
  const name = Buffer.from(host, 'latin1');
  const portBytes = Buffer.alloc(2);
  portBytes.writeUInt16BE(port);
  socket.write(Buffer.concat([Buffer.from([5, 1, 0, 3, name.length]), name, portBytes]));
  const reply = await readBytes(socket, 10);
  return { socket, reply: reply[1] ?? -1 };
}

/** A SOCKS4a CONNECT by host name; resolves with the socket and the reply code (0x5a granted). */
export async function socks4aConnect(proxyPort: number, host: string, port: number): Promise<{ socket: net.Socket; reply: number }> {
  const socket = await connectTcp(proxyPort);
  const head = Buffer.from([4, 1, 0, 0, 0, 0, 0, 1]);
  head.writeUInt16BE(port, 2);
  socket.write(Buffer.concat([head, Buffer.from('me\0', 'latin1'), Buffer.from(`${host}\0`, 'latin1')]));
  const reply = await readBytes(socket, 8);
  return { socket, reply: reply[1] ?? -1 };
}

/** A port free on 127.0.0.1 now (bound for a moment, then let go). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Whether the port can be bound here (nothing holds it). */
export function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** Another program holding a port on 127.0.0.1, as a user's web server would; `stop` ends it. */
export async function holdPortInChild(): Promise<{ pid: number; port: number; stop(): void }> {
  const child = spawn(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', () => reject(new Error('the holder exited')));
  }).catch((error: unknown) => {
    child.kill();
    throw error;
  });
  return { pid: child.pid!, port, stop: () => child.kill() };
}
