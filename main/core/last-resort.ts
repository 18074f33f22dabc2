import type { Disposable } from '../../shared/base/disposable';
import { sanitizeUntrusted } from '../../shared/base/untrusted-text';
import { AppError } from '../../shared/errors';
import { currentConnection, type ConnectionOwner } from '../ssh/connect/connection-scope';

/** An exception or a rejection nobody caught, and the connection it came from if that can be told. */
export interface Fault {
  error: unknown;
  origin: 'uncaught exception' | 'unhandled rejection';
  owner: ConnectionOwner | undefined;
}

export interface LastResortOptions {
  /** Writes the fault where this process logs; by default `describeFault` on stderr. */
  report?: (fault: Fault) => void;
  /** A fault no connection owns; by default the process serves on. */
  onUnowned?: (fault: Fault) => void;
}

/**
 * The last line of defence: a fault nobody caught is reported, the connection it came from (if it
 * can be told) is failed with INTERNAL, and the process serves on. Nothing a server does should
 * get here; when a bug lets it, one connection ends, not the app.
 */
export function installLastResort(options: LastResortOptions = {}): Disposable {
  const report = options.report ?? ((fault: Fault) => console.error(describeFault(fault)));
  const handle = (error: unknown, origin: Fault['origin']): void => {
    const fault: Fault = { error, origin, owner: currentConnection() };
    report(fault);
    if (fault.owner) {
      const hop = fault.owner.hop;
      fault.owner.fail(
        new AppError('INTERNAL', `An internal error ended the connection to ${hop}. Reconnect to continue; if it happens again, report it with the log.`, {
          hop,
        }),
      );
    } else {
      options.onUnowned?.(fault);
    }
  };
  const onException = (error: Error): void => handle(error, 'uncaught exception');
  const onRejection = (reason: unknown): void => handle(reason, 'unhandled rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    dispose: () => {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}

/**
 * `Name[ CODE]: first line of the message`, cut short and escaped. Never the error's other
 * properties or its cause, which may hold what the code was working on (a password, a key).
 */
export function faultSummary(error: unknown): string {
  if (!(error instanceof Error)) return `a thrown ${typeof error}`;
  const code = AppError.is(error) ? ` ${error.code}` : '';
  const message = sanitizeUntrusted(error.message.split('\n')[0] ?? '').slice(0, 200);
  return `${error.name}${code}: ${message}`;
}

/** A log entry for the app's and the bridge's log: the summary, then where it was thrown (code locations only). */
export function describeFault(fault: Fault): string {
  const where = fault.owner ? ` on ${fault.owner.hop}` : '';
  const frames =
    fault.error instanceof Error
      ? (fault.error.stack ?? '')
          .split('\n')
          .filter((line) => /^\s+at /.test(line))
          .slice(0, 12)
      : [];
  return [`jumpgate: internal error (${fault.origin})${where}: ${faultSummary(fault.error)}`, ...frames].join('\n');
}
