import type { Disposable } from '../../shared/base/disposable';
import type { AppError } from '../../shared/errors';
import { type ForwardStatus, isAllInterfaces } from '../../shared/model/forward-spec';
import type { ForwardSet } from '../forward/forward-set';
import { type CliIo, formatError, withHint } from './cli-io';
import { formatForward } from './forward-flags';

export interface ForwardReportOptions {
  verbosity: number;
  quiet: boolean;
  /** Prefix for every line, e.g. "tunnel db: ". */
  prefix?: string;
}

/** A forward that anyone on the network can use is a choice worth a line. */
export function allInterfacesWarning(status: ForwardStatus): string | undefined {
  if (!isAllInterfaces(status.spec.bindAddress)) return undefined;
  const where = status.spec.kind === 'remote' ? 'on every interface of the server' : 'on every interface';
  return `${formatForward(status.spec)} listens ${where}: anyone who can reach it can use the forward. Give a bind address (127.0.0.1:…) to keep it local.`;
}

/** What `jumpgate ssh` and `tunnel up` print about forwards, on stderr, in OpenSSH's spirit. */
export function reportForwardsStarted(set: ForwardSet, failures: AppError[], io: CliIo, options: ForwardReportOptions): void {
  const prefix = options.prefix ?? '';
  for (const status of set.statuses) {
    const warning = allInterfacesWarning(status);
    if (warning) io.stderr.write(`jumpgate: warning: ${prefix}${warning}\n`);
    if (status.state !== 'listening') continue;
    if (status.spec.kind === 'remote' && status.spec.bindPort === 0) {
      const { target } = status.spec;
      // OpenSSH says "for remote forward to" only when there is a fixed target; a SOCKS one has none.
      const to =
        target === undefined
          ? 'a SOCKS proxy'
          : 'socketPath' in target
            ? target.socketPath
            : `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
      io.stderr.write(`${prefix}Allocated port ${status.boundPort} for remote forward to ${to}\n`);
    }
    const where = status.boundPort === undefined ? status.boundAddress : `${status.boundAddress}:${status.boundPort}`;
    if (options.verbosity > 0) io.stderr.write(`jumpgate: debug1: ${prefix}${formatForward(status.spec)}: listening on ${where}\n`);
  }
  for (const failure of failures) io.stderr.write(`${formatError(failure).replace(/^jumpgate: /, `jumpgate: warning: ${prefix}`)}\n`);
}

/** Prints each new error a forward records (a refused connection, a bad SOCKS client), unless -q. */
export function reportForwardErrors(set: ForwardSet, io: CliIo, options: ForwardReportOptions): Disposable {
  const seen = new Map<string, string | undefined>(set.statuses.map((s) => [s.label, s.lastError?.message]));
  return set.onDidChange((statuses) => {
    for (const status of statuses) {
      const message = status.lastError?.message;
      if (message === seen.get(status.label)) continue;
      seen.set(status.label, message);
      if (message && !options.quiet)
        io.stderr.write(`jumpgate: ${options.prefix ?? ''}${withHint(message, status.lastError!.hint)} (${status.lastError!.code})\n`);
    }
  });
}
