import { toAppError } from '../../shared/errors';
import type { PortHolder } from '../base/port-holder';
import { forwardLabel } from '../../shared/model/forward-spec';
import { closeListener, listenLocal } from './local-listener';

export interface PortCheck {
  isFree: boolean;
  /** Why not, as a sentence (the port is taken, the address is not this machine's, …). */
  message?: string;
  code?: string;
  /** The program holding a taken port, where the system says. */
  holder?: PortHolder;
  /** The next port after it that is free now, to offer instead. */
  nextFreePort?: number;
}

/**
 * Whether a local forward could listen on `bindAddress:port` now: binds it for a moment, exactly
 * as the forward would (same host rules, exclusive), and lets it go at once.
 */
export async function checkLocalPort(bindAddress: string | undefined, port: number): Promise<PortCheck> {
  const label = forwardLabel({ kind: 'dynamic', bindAddress, bindPort: port }).replace(/ \(.*\)$/, '');
  try {
    const server = await listenLocal(bindAddress, port, label, (socket) => socket.destroy());
    await closeListener(server, []);
    return { isFree: true };
  } catch (error) {
    const appError = toAppError(error);
    // A taken port's error names its holder and the next free port (local-listener's portInUse).
    const { holder, nextFreePort } = (appError.details ?? {}) as Pick<PortCheck, 'holder' | 'nextFreePort'>;
    return {
      isFree: false,
      message: appError.message,
      code: appError.code,
      ...(holder !== undefined ? { holder } : {}),
      ...(nextFreePort !== undefined ? { nextFreePort } : {}),
    };
  }
}
