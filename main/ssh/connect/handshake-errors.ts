import { AppError } from '../../../shared/errors';
import type { ServerKexInit, TransportProbe } from './transport-probe';
import type { ConnectStep } from './connect-observer';

const NO_MATCH = /no matching (key exchange algorithm|host key format|C->S cipher|S->C cipher|C->S MAC|S->C MAC|C->S compression|S->C compression)/;

function offered(kexInit: ServerKexInit | undefined, what: string): string {
  if (!kexInit) return '';
  const list =
    what === 'key exchange algorithm'
      ? kexInit.kex.filter((k) => !k.startsWith('kex-strict') && !k.startsWith('ext-info'))
      : what === 'host key format'
        ? kexInit.serverHostKey
        : what.endsWith('cipher')
          ? kexInit.cipherS2C
          : what.endsWith('MAC')
            ? kexInit.macS2C
            : [];
  return list.length ? ` The server offers: ${list.join(', ')}.` : '';
}

/** What ssh2 reported during the handshake, as a coded error that names the hop. */
export function handshakeError(error: Error & { level?: string }, context: { hop: string; probe: TransportProbe }): AppError {
  const match = NO_MATCH.exec(error.message);
  if (match) {
    const what = match[1]!;
    return new AppError(
      'NO_COMMON_ALGORITHM',
      `${context.hop} and Jumpgate have no ${what.replace(/C->S |S->C /, '')} in common.${offered(context.probe.kexInit, what)}`,
      { hop: context.hop, details: { serverOffer: context.probe.kexInit }, hint: { kind: 'allow-legacy-algorithms' } },
    );
  }
  if (context.probe.isNotSsh || (context.probe.receivedAny && context.probe.identification === undefined)) return notSsh(context.hop, context.probe);
  return new AppError('HANDSHAKE_FAILED', `The SSH handshake with ${context.hop} failed.`, {
    hop: context.hop,
    hint: { kind: 'retry-with-diagnostics' },
    cause: error,
  });
}

export function notSsh(hop: string, probe: TransportProbe): AppError {
  const quote = probe.firstPrintable();
  return new AppError('NOT_SSH', `${hop} is not an SSH server${quote ? `: it answered "${quote}"` : ''}.`, {
    hop,
    hint: { kind: 'check-port' },
    details: { firstBytes: quote },
  });
}

/** The connection closed before the handshake finished, with no better explanation. */
export function closedEarly(hop: string, probe: TransportProbe): AppError {
  if (probe.isNotSsh || (probe.receivedAny && probe.identification === undefined)) return notSsh(hop, probe);
  if (!probe.receivedAny) {
    return new AppError(
      'CONNECTION_LOST',
      `${hop} closed the connection before sending its SSH banner. The server may limit connections (MaxStartups, TCP wrappers, fail2ban), or the port is not SSH.`,
      { hop },
    );
  }
  return new AppError('CONNECTION_LOST', `${hop} closed the connection during the SSH handshake.`, { hop, hint: { kind: 'retry-with-diagnostics' } });
}

/** The ConnectTimeout budget ran out; what it means depends on the step we were in. */
export function timeoutError(step: ConnectStep, hop: string, probe: TransportProbe | undefined, budgetMs: number): AppError {
  const seconds = Math.round(budgetMs / 100) / 10;
  if (step === 'tcp' || step === 'proxy') {
    return new AppError('CONNECT_TIMEOUT', `${hop} did not accept the connection within ${seconds} s. Check the address or a firewall.`, {
      hop,
      hint: { kind: 'use-jump-host' },
    });
  }
  if (step === 'banner') {
    if (probe && (probe.isNotSsh || probe.receivedAny)) return notSsh(hop, probe);
    return new AppError(
      'BANNER_TIMEOUT',
      `${hop} accepted the connection but sent no SSH banner within ${seconds} s. The server may be overloaded, something in between may be holding the connection, or the port is not SSH.`,
      { hop },
    );
  }
  return new AppError(
    'CONNECT_TIMEOUT',
    `${hop} did not complete the SSH ${step === 'auth' ? 'authentication' : 'key exchange'} within ${seconds} s (ConnectTimeout).`,
    { hop },
  );
}

/** The person gave up on the attempt (closed its tab) before the hop was ready. */
export function connectCancelled(hop: string): AppError {
  return new AppError('CONNECT_CANCELLED', `The connection to ${hop} was cancelled.`, { hop });
}
