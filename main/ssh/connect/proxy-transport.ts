import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import type net from 'node:net';
import { AppError } from '../../../shared/errors';
import type { ProxySpec } from '../../../shared/model';
import { openTcp } from './transport';
import { errnoCode } from '../../base/errno';

/** Expands OpenSSH's ProxyCommand tokens: %h host, %p port, %r remote user, %% a percent sign. */
export function expandProxyCommand(command: string, values: { host: string; port: number; user: string }): string {
  return command.replace(/%([hpr%])/g, (_, token: string) => {
    switch (token) {
      case 'h':
        return values.host;
      case 'p':
        return String(values.port);
      case 'r':
        return values.user;
      default:
        return '%';
    }
  });
}

/**
 * Runs a ProxyCommand and uses its stdin/stdout as the SSH transport. Its stderr goes to ours,
 * as with OpenSSH, and is also kept (the last lines) to explain a failure.
 */
export function openProxyCommand(command: string, options: { hop: string; signal: AbortSignal; onStderr?: (text: string) => void }): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderrTail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderrTail = (stderrTail + text).slice(-500);
      options.onStderr?.(text);
    });
    const fail = (why: string) =>
      new AppError(
        'PROXY_COMMAND_FAILED',
        `The ProxyCommand "${command}" ${why}${stderrTail.trim() ? `: ${stderrTail.trim().split('\n').pop()}` : ''}. Check the command in your config.`,
        { hop: options.hop },
      );
    child.once('error', (error) => reject(fail(`could not be started (${errnoCode(error) ?? 'error'})`)));
    child.once('spawn', () => {
      let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      let isStdoutDone = false;
      const stream = new Duplex({
        read: () => child.stdout.resume(),
        write: (chunk, _encoding, callback) => {
          if (child.stdin.writable) child.stdin.write(chunk, () => callback());
          else callback();
        },
        final: (callback) => {
          child.stdin.end();
          callback();
        },
        destroy: (error, callback) => {
          if (!exit) child.kill('SIGTERM');
          callback(error);
        },
      });
      child.stdin.on('error', () => {});
      child.stdout.on('data', (chunk: Buffer) => {
        if (!stream.push(chunk)) child.stdout.pause();
      });
      // The stream ends only once we know how the command ended, so a failure is reported as such.
      const settle = () => {
        if (!isStdoutDone || !exit) return;
        if (exit.code !== 0 && exit.code !== null) stream.destroy(fail(`exited with status ${exit.code}`));
        else if (exit.signal && exit.signal !== 'SIGTERM') stream.destroy(fail(`was killed by ${exit.signal}`));
        else stream.push(null);
      };
      child.stdout.once('end', () => {
        isStdoutDone = true;
        settle();
      });
      child.once('exit', (code, signal) => {
        exit = { code, signal };
        settle();
      });
      options.signal.addEventListener('abort', () => stream.destroy(), { once: true });
      resolve(stream);
    });
  });
}

/** Connects through a SOCKS5 (RFC 1928, names resolved by the proxy) or HTTP CONNECT proxy. */
export async function openViaProxy(
  proxy: ProxySpec,
  target: { host: string; port: number },
  options: { hop: string; signal: AbortSignal; keepAlive: boolean },
): Promise<net.Socket> {
  const socket = await openTcp(proxy.host, proxy.port, options).catch((error: AppError) => {
    throw new AppError('PROXY_FAILED', `Could not reach the ${proxy.type.toUpperCase()} proxy ${proxy.host}:${proxy.port}: ${error.message}`, {
      hop: options.hop,
      cause: error,
    });
  });
  try {
    const reader = new SocketReader(socket);
    if (proxy.type === 'socks5') await socks5Connect(socket, reader, target, proxy);
    else await httpConnect(socket, reader, target, proxy);
    reader.release();
    return socket;
  } catch (error) {
    socket.destroy();
    if (error instanceof AppError) throw new AppError(error.code, error.message, { hop: options.hop, hint: error.hint });
    throw new AppError('PROXY_FAILED', `The proxy ${proxy.host}:${proxy.port} closed the connection during its handshake.`, { hop: options.hop, cause: error });
  }
}

const SOCKS_REPLIES: Record<number, string> = {
  1: 'general failure',
  2: 'connection not allowed by its rules',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

async function socks5Connect(socket: net.Socket, reader: SocketReader, target: { host: string; port: number }, proxy: ProxySpec): Promise<void> {
  socket.write(Buffer.from([5, 1, 0]));
  const [version, method] = await reader.read(2);
  if (version !== 5 || method !== 0)
    throw new AppError('PROXY_FAILED', `The SOCKS proxy ${proxy.host}:${proxy.port} requires an authentication method Jumpgate does not support.`);
  const name = Buffer.from(target.host, 'utf8');
  if (name.length > 255) throw new AppError('INVALID_ARGUMENT', 'The host name is too long for a SOCKS proxy.');
  const request = Buffer.concat([Buffer.from([5, 1, 0, 3, name.length]), name, Buffer.from([target.port >> 8, target.port & 0xff])]);
  socket.write(request);
  const head = await reader.read(4);
  if (head[1] !== 0) {
    throw new AppError(
      'PROXY_FAILED',
      `The SOCKS proxy ${proxy.host}:${proxy.port} could not reach ${target.host}:${target.port}: ${SOCKS_REPLIES[head[1] ?? 1] ?? 'unknown error'}.`,
    );
  }
  const addressLength = head[3] === 1 ? 4 : head[3] === 4 ? 16 : (await reader.read(1))[0]!;
  await reader.read(addressLength + 2);
}

async function httpConnect(socket: net.Socket, reader: SocketReader, target: { host: string; port: number }, proxy: ProxySpec): Promise<void> {
  const authority = target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`);
  const head = await reader.readUntil('\r\n\r\n', 16 * 1024);
  const status = /^HTTP\/1\.[01] (\d{3})([^\r\n]*)/.exec(head.toString('latin1'));
  if (!status || status[1] !== '200') {
    const line =
      head
        .toString('latin1')
        .split('\r\n')[0]
        ?.replace(/[^\x20-\x7e]/g, '') ?? '';
    throw new AppError('PROXY_FAILED', `The HTTP proxy ${proxy.host}:${proxy.port} refused CONNECT to ${authority}: "${line}".`);
  }
}

/** Reads exact byte counts during a proxy handshake, then gives any extra bytes back to the socket. */
class SocketReader {
  private buffer = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private failure: Error | undefined;
  private readonly onData = (chunk: Buffer) => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.waiter?.();
  };
  private readonly onEnd = () => {
    this.failure = new Error('closed');
    this.waiter?.();
  };

  constructor(private readonly socket: net.Socket) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onEnd);
  }

  async read(count: number): Promise<Buffer> {
    while (this.buffer.length < count) await this.next();
    const out = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(count);
    return out;
  }

  async readUntil(marker: string, limit: number): Promise<Buffer> {
    for (;;) {
      const at = this.buffer.indexOf(marker);
      if (at >= 0) return this.read(at + marker.length);
      if (this.buffer.length > limit) throw new AppError('PROXY_FAILED', 'The HTTP proxy sent an over-long answer.');
      await this.next();
    }
  }

  release(): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('error', this.onEnd);
    this.socket.pause();
    if (this.buffer.length > 0) this.socket.unshift(this.buffer);
  }

  private next(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = () => {
        this.waiter = undefined;
        if (this.failure) reject(this.failure);
        else resolve();
      };
    });
  }
}
