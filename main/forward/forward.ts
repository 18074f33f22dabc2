import type net from 'node:net';
import type { ClientChannel } from 'ssh2';
import type { Disposable } from '../../shared/base/disposable';
import { AppError, toAppError } from '../../shared/errors';
import type { ForwardSpec } from '../../shared/model/forward-spec';
import type { SshConnection } from '../ssh/connect/ssh-connection';
import { ForwardStats } from './forward-stats';
import { closeListener, listenLocal, listenUnix } from './local-listener';
import { joinStreams } from '../base/stream-pipe';

/** One running forward on one connection: started once, disposed when the connection goes. */
export interface Forward extends Disposable {
  readonly stats: ForwardStats;
  /** Binds the listener (or asks the server to); rejects with a coded error naming the forward. */
  start(): Promise<void>;
}

/** A channel refused for a forward's connection, named after the forward. */
export function forwardChannelError(error: unknown, label: string): AppError {
  const appError = toAppError(error);
  if (appError.code !== 'JUMP_CHANNEL_FAILED') return appError;
  return new AppError('FORWARD_REFUSED', `${label}: ${appError.message}`, { hop: appError.hop, details: appError.details, hint: appError.hint });
}

/**
 * What -L and -D share: a local listener whose every connection gets a channel of its own.
 * Subclasses decide how a connection is turned into a channel (fixed target, or SOCKS).
 */
export abstract class ListeningForward implements Forward {
  readonly stats: ForwardStats;
  protected server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private isDisposed = false;

  constructor(
    readonly spec: ForwardSpec,
    protected readonly connection: SshConnection,
  ) {
    this.stats = new ForwardStats(spec);
  }

  async start(): Promise<void> {
    try {
      const onSocket = (socket: net.Socket) => this.accept(socket);
      const bindSocket = this.spec.kind === 'local' ? this.spec.bindSocket : undefined;
      this.server =
        bindSocket !== undefined
          ? await listenUnix(bindSocket, this.stats.label, onSocket)
          : await listenLocal(this.spec.bindAddress, this.spec.bindPort, this.stats.label, onSocket);
    } catch (error) {
      this.stats.setState('failed', { error: toAppError(error) });
      throw error;
    }
    if (this.isDisposed) {
      this.server.close();
      return;
    }
    const address = this.server.address();
    if (typeof address === 'string' || address === null) this.stats.setState('listening', { boundAddress: address ?? undefined });
    else this.stats.setState('listening', { boundAddress: address.address, boundPort: address.port });
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    if (this.server) void closeListener(this.server, this.sockets);
    if (this.stats.status.state !== 'failed') this.stats.setState('closed');
    this.stats.dispose();
  }

  /** Turns an accepted (paused) socket into a channel, or answers the client and returns undefined. */
  protected abstract openChannel(socket: net.Socket): Promise<ClientChannel | undefined>;

  private accept(socket: net.Socket): void {
    if (this.isDisposed) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    this.stats.connectionOpened();
    socket.on('error', () => {});
    socket.once('close', () => this.sockets.delete(socket));
    let isCounted = true;
    const closed = () => {
      if (!isCounted) return;
      isCounted = false;
      this.stats.connectionClosed();
    };
    this.openChannel(socket).then(
      (channel) => {
        if (!channel || this.isDisposed || socket.destroyed) {
          channel?.destroy();
          socket.destroy();
          closed();
          return;
        }
        void joinStreams(socket, channel, this.stats).then(closed);
      },
      (error: unknown) => {
        this.stats.recordError(forwardChannelError(error, this.stats.label));
        socket.destroy();
        closed();
      },
    );
  }
}
