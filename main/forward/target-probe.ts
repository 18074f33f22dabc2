import type { Disposable } from '../../shared/base/disposable';
import { AppError, toAppError } from '../../shared/errors';
import type { SshConnection } from '../ssh/connect/ssh-connection';
import type { ForwardSet } from './forward-set';
import { LocalForward } from './local-forward';

/**
 * Checks every `intervalMs` that each listening -L target still answers, from the server's side:
 * opens a channel to it through the connection and closes it at once. A target that refuses is
 * marked (isTargetAnswering false, with the reason as the forward's last error) while the
 * forward keeps listening; it is marked again when it answers.
 */
export function probeTargets(set: ForwardSet, connection: SshConnection, intervalMs: number): Disposable {
  let isDisposed = false;
  let isProbing = false;
  const probeAll = async () => {
    if (isProbing) return;
    isProbing = true;
    try {
      for (const forward of set.forwards) {
        if (isDisposed || connection.closed) return;
        if (!(forward instanceof LocalForward) || forward.stats.status.state !== 'listening') continue;
        const { target } = forward.spec;
        const where = 'socketPath' in target ? target.socketPath : `${target.host}:${target.port}`;
        try {
          const channel = await ('socketPath' in target ? connection.forwardOutUnix(target.socketPath) : connection.forwardOut(target.host, target.port));
          channel.close();
          if (!isDisposed) forward.stats.setTargetAnswering(true);
        } catch (error) {
          // The connection itself going is the supervisor's business, not the target's.
          if (isDisposed || connection.closed) return;
          const reason = toAppError(error);
          forward.stats.setTargetAnswering(
            false,
            new AppError('FORWARD_REFUSED', `${forward.stats.label}: the target ${where} stopped answering: ${reason.message}`, { hop: reason.hop }),
          );
        }
      }
    } finally {
      isProbing = false;
    }
  };
  void probeAll();
  const timer = setInterval(() => void probeAll(), intervalMs);
  return {
    dispose: () => {
      isDisposed = true;
      clearInterval(timer);
    },
  };
}
