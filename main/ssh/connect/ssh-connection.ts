import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { ClientChannel, ExecOptions, PseudoTtyOptions } from 'ssh2';
import type { Disposable } from '../../../shared/base/disposable';
import { Emitter, type Event } from '../../../shared/base/event';
import { AppError } from '../../../shared/errors';
import { type HopSpec, hopLabel } from '../../../shared/model';
import { trackExit } from './channel-exit';

/** A connection the server forwards to us from a remote listener: accept it to get the channel. */
export type RemoteConnectionHandler = (details: ssh2.TcpConnectionDetails, accept: () => ClientChannel, reject: () => void) => void;

/** A remote listener on the server (-R); disposing it cancels the forward. */
export interface RemoteListening extends Disposable {
  readonly port: number;
}

function withExitTracking(callback: (error: Error | undefined, channel: ClientChannel) => void) {
  return (error: Error | undefined, channel: ClientChannel) => {
    if (!error) trackExit(channel);
    callback(error, channel);
  };
}

/** Why an established connection closed; undefined when we closed it ourselves. */
export type CloseReason = AppError | undefined;

export interface SshConnectionOptions {
  /** The connection below this one in a jump chain, whose channel is this one's transport. */
  via?: SshConnection;
  /** Why the host key was refused at a rekey, if it was. */
  hostKeyFailure?: () => AppError | undefined;
}

/**
 * One authenticated SSH connection to one hop. Holds the ssh2 client; disposing it closes the
 * connection. Channels opened on it (sessions, direct-tcpip) map their failures to coded errors.
 */
export class SshConnection implements Disposable {
  readonly label: string;
  private readonly onDidCloseEmitter = new Emitter<CloseReason>();
  private closeReason: CloseReason;

  /** Fires once when the connection closes; subscribing after that fires at once (on the next tick). */
  readonly onDidClose: Event<CloseReason> = (listener) => {
    if (!this.isClosed) return this.onDidCloseEmitter.event(listener);
    const reason = this.closeReason;
    const timer = setImmediate(() => listener(reason));
    return { dispose: () => clearImmediate(timer) };
  };
  private isClosed = false;
  private isDisposing = false;
  private lastError: AppError | undefined;
  private readonly viaSubscription: Disposable | undefined;

  constructor(
    readonly client: ssh2.Client,
    readonly spec: HopSpec,
    private readonly transport: Duplex,
    /** What the first key exchange agreed on (kex, host key type, ciphers), for diagnostics. */
    readonly negotiated: ssh2.NegotiatedAlgorithms | undefined,
    options: SshConnectionOptions = {},
  ) {
    this.label = hopLabel(spec);
    client.on('error', (error: Error & { level?: string }) => {
      if (error.level === 'agent') return;
      // A key refused at a rekey makes ssh2 end the connection with its generic handshake error.
      this.lastError = options.hostKeyFailure?.() ?? this.mapRuntimeError(error);
    });
    client.on('close', () => this.markClosed());
    transport.on('close', () => this.markClosed());
    // ssh2 ends its protocol when the transport's read side ends, but a jump channel or a
    // ProxyCommand's pipes stay half-open (no 'close') until we close our side: do it now.
    client.on('end', () => this.endTransport());
    // A hop's transport runs through the hop below it: when that one closes, so does this one, for its reason.
    this.viaSubscription = options.via?.onDidClose((reason) => this.endTransport(reason));
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** A command on the server; read its status with exitOf(channel) once it closes. */
  exec(command: string, options: ExecOptions = {}): Promise<ClientChannel> {
    return this.openChannel('session', (callback) => this.client.exec(command, options, withExitTracking(callback)));
  }

  shell(window: PseudoTtyOptions | false, options: { env?: Record<string, string> } = {}): Promise<ClientChannel> {
    return this.openChannel('session', (callback) => this.client.shell(window, options, withExitTracking(callback)));
  }

  /** Opens a direct-tcpip channel from this hop to host:port (how jump chains and -L work). */
  forwardOut(host: string, port: number, origin = { address: '127.0.0.1', port: 0 }): Promise<ClientChannel> {
    return this.openChannel(`a connection to ${host}:${port}`, (callback) => this.client.forwardOut(origin.address, origin.port, host, port, callback));
  }

  /** Opens a channel from this hop to a unix socket on it (OpenSSH's direct-streamlocal, `-L port:/path`). */
  forwardOutUnix(socketPath: string): Promise<ClientChannel> {
    return this.openChannel(`a connection to ${socketPath}`, (callback) => this.client.openssh_forwardOutStreamLocal(socketPath, callback));
  }

  /**
   * Asks the server to listen on bindAddress:port (tcpip-forward, how -R works) and hands every
   * connection it forwards to `onConnection`. Resolves with the port the server bound (useful
   * when port is 0); disposing the result cancels the forward on the server.
   */
  forwardIn(bindAddress: string, port: number, onConnection: RemoteConnectionHandler): Promise<RemoteListening> {
    return new Promise((resolve, reject) => {
      if (this.isClosed) {
        reject(this.lastError ?? new AppError('CONNECTION_LOST', `The connection to ${this.label} is closed.`, { hop: this.label }));
        return;
      }
      this.ensureTcpConnectionDispatch();
      try {
        this.client.forwardIn(bindAddress, port, (error, boundPort) => {
          if (error) {
            reject(
              new AppError(
                'FORWARD_REFUSED',
                `${this.label} refused to listen on ${bindAddress || '*'}:${port}: the port is taken there, or the server does not allow it (AllowTcpForwarding, PermitListen, GatewayPorts).`,
                { hop: this.label },
              ),
            );
            return;
          }
          const key = `${bindAddress}:${boundPort}`;
          this.remoteHandlers.set(key, onConnection);
          let isDisposed = false;
          resolve({
            port: boundPort,
            dispose: () => {
              if (isDisposed) return;
              isDisposed = true;
              this.remoteHandlers.delete(key);
              if (!this.isClosed) {
                try {
                  this.client.unforwardIn(bindAddress, port === 0 ? boundPort : port, () => {});
                } catch {
                  // The connection closed meanwhile: the server has dropped the forward with it.
                }
              }
            },
          });
        });
      } catch {
        reject(new AppError('CONNECTION_LOST', `The connection to ${this.label} is closed.`, { hop: this.label }));
      }
    });
  }

  private readonly remoteHandlers = new Map<string, RemoteConnectionHandler>();
  private hasTcpConnectionDispatch = false;

  /** One ssh2 'tcp connection' listener serves every remote forward, by the address and port the server names. */
  private ensureTcpConnectionDispatch(): void {
    if (this.hasTcpConnectionDispatch) return;
    this.hasTcpConnectionDispatch = true;
    this.client.on('tcp connection', (details, accept, reject) => {
      const handler =
        this.remoteHandlers.get(`${details.destIP}:${details.destPort}`) ??
        [...this.remoteHandlers.entries()].find(([key]) => key.endsWith(`:${details.destPort}`))?.[1];
      if (!handler) {
        reject();
        return;
      }
      handler(details, accept, reject);
    });
  }

  /** Starts the SFTP subsystem on a new channel; SFTP_UNAVAILABLE when the server offers none. */
  sftp(): Promise<ssh2.SFTPWrapper> {
    return new Promise((resolve, reject) => {
      if (this.isClosed) {
        reject(this.lastError ?? new AppError('CONNECTION_LOST', `The connection to ${this.label} is closed.`, { hop: this.label }));
        return;
      }
      try {
        this.client.sftp((error, sftp) => {
          if (!error) resolve(sftp);
          else if (this.isClosed || /No response from server|Not connected/i.test(error.message)) reject(this.channelError('an SFTP session', error));
          else
            reject(
              new AppError('SFTP_UNAVAILABLE', `${this.label} refused an SFTP session: its sshd has no "Subsystem sftp" or a forced command blocks it.`, {
                hop: this.label,
              }),
            );
        });
      } catch (error) {
        reject(this.channelError('an SFTP session', error as Error));
      }
    });
  }

  dispose(): void {
    if (this.isDisposing) return;
    this.isDisposing = true;
    this.client.end();
    // A peer that never answers our disconnect must not keep the socket open.
    setTimeout(() => this.transport.destroy(), 2_000).unref();
  }

  private openChannel(what: string, open: (callback: (error: Error | undefined, channel: ClientChannel) => void) => void): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      if (this.isClosed) {
        reject(this.lastError ?? new AppError('CONNECTION_LOST', `The connection to ${this.label} is closed.`, { hop: this.label }));
        return;
      }
      try {
        open((error, channel) => {
          if (error) reject(this.channelError(what, error as Error & { reason?: number }));
          else resolve(channel);
        });
      } catch (error) {
        // ssh2 throws 'Not connected' once its transport has ended.
        reject(this.channelError(what, error as Error));
      }
    });
  }

  private channelError(what: string, error: Error & { reason?: number }): AppError {
    if (this.isClosed || /No response from server|Not connected/i.test(error.message)) {
      return this.lastError ?? new AppError('CONNECTION_LOST', `The connection to ${this.label} was lost while opening ${what}.`, { hop: this.label });
    }
    const why =
      /administratively prohibited/i.test(error.message) || error.reason === 1
        ? 'the server does not allow it (AllowTcpForwarding, PermitOpen or a forced command)'
        : /connect failed|Connection refused/i.test(error.message) || error.reason === 2
          ? 'the server could not connect there'
          : 'the server refused it';
    const code = what === 'session' ? 'CHANNEL_FAILED' : 'JUMP_CHANNEL_FAILED';
    return new AppError(code, `${this.label} refused to open ${what}: ${why}.`, { hop: this.label, details: { reason: error.reason } });
  }

  private mapRuntimeError(error: Error & { level?: string }): AppError {
    if (error.level === 'client-timeout') {
      const interval = this.spec.serverAliveInterval;
      return new AppError(
        'KEEPALIVE_TIMEOUT',
        `${this.label} stopped answering: ${this.spec.serverAliveCountMax} keepalives over ${interval * this.spec.serverAliveCountMax} s went unanswered. The network or the server is down.`,
        { hop: this.label },
      );
    }
    return new AppError('CONNECTION_LOST', `The connection to ${this.label} was lost. Reconnect to continue.`, { hop: this.label, cause: error });
  }

  /**
   * Checks at once that the server still answers (a keepalive@openssh.com request, as OpenSSH's
   * ServerAliveInterval sends): after a wake or a network change a connection can look up while
   * its TCP peer is long gone. No answer within `timeoutMs` ends the connection, so whatever holds
   * it reconnects now instead of after ServerAliveCountMax missed keepalives. Resolves whether it answered.
   */
  checkAlive(timeoutMs: number): Promise<boolean> {
    if (this.isClosed) return Promise.resolve(false);
    // ssh2 sends this very request for its own keepalive; its replies come back in request order.
    const client = this.client as unknown as { _callbacks?: ((hadError: unknown) => void)[]; _protocol?: { ping(): void } };
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.endTransport(
          new AppError('KEEPALIVE_TIMEOUT', `${this.label} did not answer within ${Math.round(timeoutMs / 1000)} s after the network changed. Reconnecting.`, {
            hop: this.label,
          }),
        );
        resolve(false);
      }, timeoutMs);
      const answered = () => {
        clearTimeout(timer);
        resolve(!this.isClosed);
      };
      try {
        if (!client._callbacks || !client._protocol) throw new Error('Not connected');
        client._callbacks.push(answered);
        client._protocol.ping();
      } catch {
        answered();
      }
    });
  }

  /** Ends the connection for a fault in our code or ssh2's, reported to its users as `reason`. */
  failWith(reason: AppError): void {
    this.endTransport(reason);
  }

  private endTransport(reason?: AppError): void {
    if (reason && !this.isDisposing) this.lastError ??= reason;
    this.markClosed();
    this.transport.destroy();
  }

  private markClosed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.viaSubscription?.dispose();
    const reason = this.isDisposing
      ? undefined
      : (this.lastError ?? new AppError('CONNECTION_LOST', `${this.label} closed the connection.`, { hop: this.label }));
    this.closeReason = reason;
    this.onDidCloseEmitter.fire(reason);
    this.onDidCloseEmitter.dispose();
  }
}
