import type net from 'node:net';
import type { ClientChannel } from 'ssh2';
import { AppError, toAppError } from '../../shared/errors';
import { forwardChannelError, ListeningForward } from './forward';
import { readSocksRequest, replySocks, type SocksFailure, SocksProtocolError } from './socks-handshake';

const HANDSHAKE_TIMEOUT_MS = 30_000;

/**
 * -D: a SOCKS4/4a/5 proxy. Host names go to the server as they are, so they are resolved there
 * (as OpenSSH does); a target the server cannot reach gets the matching SOCKS error and only
 * that client's connection is closed.
 */
export class DynamicForward extends ListeningForward {
  protected async openChannel(socket: net.Socket): Promise<ClientChannel | undefined> {
    let request;
    // A client that connects and never finishes the handshake must not hold the socket forever.
    socket.setTimeout(HANDSHAKE_TIMEOUT_MS, () => socket.destroy());
    try {
      request = await readSocksRequest(socket);
      socket.setTimeout(0);
    } catch (error) {
      if (error instanceof SocksProtocolError) {
        this.stats.recordError(new AppError('INVALID_ARGUMENT', `${this.stats.label}: a client spoke bad SOCKS: ${error.message}.`));
        return undefined;
      }
      throw error;
    }
    try {
      const channel = await this.connection.forwardOut(request.host, request.port, {
        address: socket.remoteAddress ?? '127.0.0.1',
        port: socket.remotePort ?? 0,
      });
      replySocks(socket, request.version, 'success');
      return channel;
    } catch (error) {
      replySocks(socket, request.version, socksFailureOf(error));
      const appError = forwardChannelError(error, `${this.stats.label} (to ${request.host}:${request.port})`);
      this.stats.recordError(appError);
      // Let the reply reach the client before the socket goes.
      socket.end();
      return undefined;
    }
  }
}

/** ssh's channel-open failure reasons (RFC 4254 §5.1) in SOCKS terms. */
function socksFailureOf(error: unknown): SocksFailure {
  const reason = toAppError(error).details?.reason;
  if (reason === 1) return 'not-allowed';
  if (reason === 2) return 'refused';
  if (reason === 3) return 'command-not-supported';
  return 'general';
}
