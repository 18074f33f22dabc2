import net from 'node:net';
import type { ClientChannel } from 'ssh2';
import { AppError, toAppError } from '../../shared/errors';
import { type ForwardSpec, isAllInterfaces } from '../../shared/model/forward-spec';
import type { RemoteListening, SshConnection } from '../ssh/connect/ssh-connection';
import type { Forward } from './forward';
import { ForwardStats } from './forward-stats';
import { joinStreams } from '../base/stream-pipe';
import { readSocksRequest, replySocks, SocksProtocolError } from './socks-handshake';

type RemoteSpec = Extract<ForwardSpec, { kind: 'remote' }>;

/** The listen address sent to the server, as OpenSSH sends it: "localhost" by default, "" for every interface. */
export function remoteBindAddress(bindAddress: string | undefined): string {
  if (bindAddress === undefined) return 'localhost';
  return isAllInterfaces(bindAddress) ? '' : bindAddress;
}

/**
 * -R: the server listens; each connection it forwards is joined to a new local connection to the
 * target, a host and port or a unix socket here (`-R 2222:/path/to.sock`, as OpenSSH allows).
 * Without a target (`-R 1080`) the server's listener is a SOCKS proxy: each connection is a SOCKS
 * request that this machine serves by connecting out from here, as OpenSSH 7.6+ does.
 */
export class RemoteForward implements Forward {
  readonly stats: ForwardStats;
  private listening: RemoteListening | undefined;
  private readonly open = new Set<{ destroy(): void }>();
  private isDisposed = false;

  constructor(
    readonly spec: RemoteSpec,
    private readonly connection: SshConnection,
  ) {
    this.stats = new ForwardStats(spec);
  }

  async start(): Promise<void> {
    const bindAddress = remoteBindAddress(this.spec.bindAddress);
    try {
      this.listening = await this.connection.forwardIn(bindAddress, this.spec.bindPort, (_details, accept, reject) => this.accept(accept, reject));
    } catch (error) {
      const appError = toAppError(error);
      const named =
        appError.code === 'FORWARD_REFUSED'
          ? new AppError('FORWARD_REFUSED', `${this.stats.label}: ${appError.message}`, {
              hop: appError.hop,
              details: { forward: this.stats.label, port: this.spec.bindPort },
            })
          : appError;
      this.stats.setState('failed', { error: named });
      throw named;
    }
    if (this.isDisposed) {
      this.listening.dispose();
      return;
    }
    this.stats.setState('listening', { boundAddress: bindAddress || '*', boundPort: this.listening.port });
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.listening?.dispose();
    for (const stream of this.open) stream.destroy();
    if (this.stats.status.state !== 'failed') this.stats.setState('closed');
    this.stats.dispose();
  }

  private accept(accept: () => ClientChannel, reject: () => void): void {
    if (this.isDisposed) {
      reject();
      return;
    }
    const { target } = this.spec;
    if (target === undefined) {
      void this.serveSocks(accept());
      return;
    }
    // Connect first, so a target that is down is refused at once instead of after the channel opened.
    const socket =
      'socketPath' in target
        ? net.connect({ path: target.socketPath, allowHalfOpen: true })
        : net.connect({ host: target.host, port: target.port, noDelay: true, allowHalfOpen: true });
    const where = 'socketPath' in target ? target.socketPath : `${target.host}:${target.port}`;
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    let isConnected = false;
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!isConnected) {
        reject();
        this.stats.recordError(
          new AppError('FORWARD_REFUSED', `${this.stats.label}: could not connect to ${where} (${error.code ?? 'error'}). Check that something listens there.`),
        );
      }
    });
    socket.once('connect', () => {
      isConnected = true;
      if (!('socketPath' in target)) socket.setNoDelay(true);
      if (this.isDisposed) {
        socket.destroy();
        reject();
        return;
      }
      const channel = accept();
      this.open.add(channel);
      channel.once('close', () => this.open.delete(channel));
      this.stats.connectionOpened();
      void joinStreams(channel, socket, this.stats).then(() => this.stats.connectionClosed());
    });
  }

  /** One connection to a remote SOCKS forward: the request comes over the channel, the connection goes out from here. */
  private async serveSocks(channel: ClientChannel): Promise<void> {
    this.open.add(channel);
    channel.once('close', () => this.open.delete(channel));
    this.stats.connectionOpened();
    let request;
    try {
      request = await readSocksRequest(channel);
    } catch (error) {
      const why = error instanceof SocksProtocolError ? error.message : 'the request ended early';
      this.stats.recordError(new AppError('INVALID_ARGUMENT', `${this.stats.label}: a client spoke bad SOCKS: ${why}.`));
      channel.destroy();
      this.stats.connectionClosed();
      return;
    }
    const { version, host, port } = request;
    const socket = net.connect({ host, port, noDelay: true, allowHalfOpen: true });
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    let isConnected = false;
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!isConnected) {
        replySocks(channel, version, error.code === 'ECONNREFUSED' ? 'refused' : 'general');
        channel.end();
        this.stats.recordError(
          new AppError('FORWARD_REFUSED', `${this.stats.label}: could not connect to ${host}:${port} from here (${error.code ?? 'error'}).`),
        );
        this.stats.connectionClosed();
      }
    });
    socket.once('connect', () => {
      isConnected = true;
      if (this.isDisposed) {
        socket.destroy();
        channel.destroy();
        return;
      }
      replySocks(channel, version, 'success');
      void joinStreams(channel, socket, this.stats).then(() => this.stats.connectionClosed());
    });
  }
}
