import net from 'node:net';
import type { Duplex } from 'node:stream';
import { AppError } from '../../../shared/errors';

/** Maps an OS socket error, once, where it arises, to a coded error a person can act on. */
export function socketError(error: NodeJS.ErrnoException, target: { host: string; port: number }, hop: string): AppError {
  const where = `${target.host} port ${target.port}`;
  switch (error.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return new AppError('DNS_FAILED', `Could not resolve the host name "${target.host}". Check its spelling, your DNS, or the HostName in ~/.ssh/config.`, {
        hop,
        cause: error,
      });
    case 'ECONNREFUSED':
      return new AppError('CONNECTION_REFUSED', `${where} refused the connection. Check that an SSH server is running there and the port is right.`, {
        hop,
        cause: error,
      });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
      return new AppError('HOST_UNREACHABLE', `${where} cannot be reached from this machine. Check the network or a VPN.`, {
        hop,
        hint: { kind: 'use-jump-host' },
        cause: error,
      });
    case 'ETIMEDOUT':
      return new AppError('CONNECT_TIMEOUT', `${where} did not answer in time. Check the address or a firewall.`, {
        hop,
        hint: { kind: 'use-jump-host' },
        cause: error,
      });
    case 'ECONNRESET':
    case 'EPIPE':
      return new AppError(
        'CONNECTION_LOST',
        `${where} closed the connection unexpectedly. The server may have dropped it (MaxStartups, a firewall, or a crash); try again.`,
        { hop, cause: error },
      );
    default:
      return new AppError('HOST_UNREACHABLE', `Could not connect to ${where} (${error.code ?? 'unknown error'}).`, { hop, cause: error });
  }
}

/** Opens a TCP connection with Nagle off: ssh2 never sets TCP_NODELAY, and Nagle costs ~120 ms a hop. */
export function openTcp(host: string, port: number, options: { hop: string; signal: AbortSignal; keepAlive: boolean }): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true, keepAlive: options.keepAlive, keepAliveInitialDelay: 30_000 });
    const onAbort = () => {
      socket.destroy();
      reject(options.signal.reason);
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      options.signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', (error) => {
      options.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(socketError(error, { host, port }, options.hop));
    });
  });
}

/** Sets TCP_NODELAY where the stream is a socket (a ProxyCommand's pipes are not). */
export function setNoDelay(stream: Duplex): void {
  const candidate = stream as Partial<net.Socket>;
  if (typeof candidate.setNoDelay === 'function') candidate.setNoDelay(true);
}
