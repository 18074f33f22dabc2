import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { AppError } from '../../shared/errors';
import { isAllInterfaces } from '../../shared/model/forward-spec';
import { findPortHolder, nextFreePort } from '../base/port-holder';

/** Where a local listener binds: loopback unless the user chose otherwise. */
export function localBindHost(bindAddress: string | undefined): string | undefined {
  if (bindAddress === undefined || bindAddress === 'localhost') return '127.0.0.1';
  // undefined makes Node listen on every interface (IPv6 and IPv4 where available).
  return isAllInterfaces(bindAddress) ? undefined : bindAddress;
}

/**
 * Opens a TCP listener for a forward. A taken port fails with FORWARD_PORT_IN_USE naming the
 * port, the forward, the program holding the port where the system says, and the next free port; other bind failures (no such address, a privileged port) say so too.
 * Connections are accepted paused, with TCP_NODELAY, and allowHalfOpen so EOF crosses the tunnel.
 */
export function listenLocal(bindAddress: string | undefined, port: number, label: string, onSocket: (socket: net.Socket) => void): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true }, (socket) => {
      socket.setNoDelay(true);
      onSocket(socket);
    });
    const host = localBindHost(bindAddress);
    const where = `${host ?? '*'}:${port}`;
    server.once('error', (error: NodeJS.ErrnoException) => {
      server.close();
      if (error.code === 'EADDRINUSE') {
        portInUse(host, port, label).then(reject, reject);
      } else if (error.code === 'EACCES') {
        reject(
          new AppError('FORWARD_BIND_FAILED', `Not allowed to listen on ${where} for ${label}: ports below 1024 need privileges. Choose a port above 1023.`, {
            details: { port, forward: label },
          }),
        );
      } else {
        reject(
          new AppError('FORWARD_BIND_FAILED', `Could not listen on ${where} for ${label} (${error.code ?? 'unknown error'}). Check the bind address.`, {
            details: { port, forward: label },
          }),
        );
      }
    });
    server.listen({ host, port, exclusive: true }, () => {
      server.removeAllListeners('error');
      // A listener error after bind (rare: EMFILE on accept) must not crash the process.
      server.on('error', () => {});
      resolve(server);
    });
  });
}

/** Closes a listener and every connection it accepted, so the port is free at once for a re-bind. */
export function closeListener(server: net.Server, sockets: Iterable<net.Socket>): Promise<void> {
  return new Promise((resolve) => {
    for (const socket of sockets) socket.destroy();
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
}

/** Why a port is taken, as far as this machine can tell: who holds it and which port is free instead. */
async function portInUse(host: string | undefined, port: number, label: string): Promise<AppError> {
  const [holder, freePort] = await Promise.all([findPortHolder(port).catch(() => undefined), nextFreePort(host, port).catch(() => undefined)]);
  const byWhom = holder ? ` by ${holder.program} (process ${holder.pid})` : '';
  const instead = freePort !== undefined ? ` Port ${freePort} is free.` : '';
  return new AppError(
    'FORWARD_PORT_IN_USE',
    `Port ${port} is already in use on ${host ?? 'every interface'}${byWhom}, so ${label} cannot listen there.${instead}`,
    {
      details: { port, forward: label, ...(holder ? { holder } : {}), ...(freePort !== undefined ? { nextFreePort: freePort } : {}) },
      hint: { kind: 'free-port', port, ...(holder ? { holder } : {}), ...(freePort !== undefined ? { nextFreePort: freePort } : {}) },
    },
  );
}

/**
 * Opens a unix-socket listener for a forward (`-L /path.sock:host:port`), readable and writable by
 * this user only (mode 0600). A socket file left by a process that died is removed first; one
 * that something still listens on, or a path that is not a socket, fails the forward.
 */
export async function listenUnix(path: string, label: string, onSocket: (socket: net.Socket) => void): Promise<net.Server> {
  await removeStaleSocket(path, label);
  return new Promise((resolve, reject) => {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, onSocket);
    server.once('error', (error: NodeJS.ErrnoException) => {
      server.close();
      reject(
        new AppError(
          'FORWARD_BIND_FAILED',
          `Could not listen on the socket ${path} for ${label} (${error.code ?? 'unknown error'}). Check that its folder exists and is yours.`,
          {
            details: { path, forward: label },
          },
        ),
      );
    });
    server.listen({ path }, () => {
      server.removeAllListeners('error');
      server.on('error', () => {});
      try {
        chmodSync(path, 0o600);
      } catch {
        server.close();
        reject(new AppError('FORWARD_BIND_FAILED', `Could not make the socket ${path} private to you for ${label}.`, { details: { path, forward: label } }));
        return;
      }
      resolve(server);
    });
  });
}

async function removeStaleSocket(path: string, label: string): Promise<void> {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return;
  }
  if (!stat.isSocket())
    throw new AppError('FORWARD_BIND_FAILED', `${path} exists and is not a socket, so ${label} cannot listen there. Choose another path.`, {
      details: { path, forward: label },
    });
  const isAnswering = await new Promise<boolean>((resolve) => {
    const probe = net.connect({ path });
    probe.once('connect', () => (probe.destroy(), resolve(true)));
    probe.once('error', () => resolve(false));
  });
  if (isAnswering)
    throw new AppError('FORWARD_PORT_IN_USE', `The socket ${path} is in use by another program, so ${label} cannot listen there. Choose another path.`, {
      details: { path, forward: label },
    });
  unlinkSync(path);
}
