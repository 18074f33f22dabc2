import { describe, expect, it } from 'vitest';
import { AppError, AppErrorData, ErrorHint, toAppError } from '../../../shared/errors';
import { events } from '../../../shared/ipc/contract';
import { TransferStatus } from '../../../shared/model';
import { ForwardStatus } from '../../../shared/model/forward-spec';
import { TunnelStatus } from '../../../shared/model/tunnel-profile';

const HINTS: ErrorHint[] = [
  { kind: 'retry' },
  { kind: 'retry-with-diagnostics' },
  { kind: 'resume-copy' },
  { kind: 'use-jump-host' },
  { kind: 'check-port' },
  { kind: 'check-credentials' },
  { kind: 'accept-host-key', host: '[db]:2222' },
  { kind: 'forget-host-key', host: 'db', file: '/home/u/.ssh/known_hosts' },
  { kind: 'allow-legacy-algorithms' },
  { kind: 'copy-recursively' },
  { kind: 'single-connection' },
  { kind: 'verify-by-size' },
  { kind: 'unlock-vault' },
  { kind: 'free-port', port: 8080 },
];

describe('an error hint on the wire', () => {
  it.each(HINTS)('$kind survives toJSON, the contract schema and fromData', (hint) => {
    const error = new AppError('CONNECT_TIMEOUT', 'db did not answer in time.', { hop: 'u@db:22', hint });
    const wire = JSON.parse(JSON.stringify(error.toJSON())) as unknown;
    const state = events['terminal.state'].payload.parse({ sessionId: 't1', state: 'closed', error: wire });
    expect(state.error?.hint).toEqual(hint);
    const back = AppError.fromData(AppErrorData.parse(wire));
    expect(back).toMatchObject({ code: 'CONNECT_TIMEOUT', hop: 'u@db:22', hint });
  });

  it('an error without a hint has none on the wire', () => {
    expect(new AppError('AUTH_FAILED', 'No.').toJSON()).toEqual({ code: 'AUTH_FAILED', message: 'No.' });
  });

  it('the contract refuses a hint it does not know, or one missing what it names', () => {
    const base = { code: 'AUTH_FAILED', message: 'No.' };
    expect(AppErrorData.safeParse({ ...base, hint: { kind: 'run-this', command: 'rm -rf ~' } }).success).toBe(false);
    expect(AppErrorData.safeParse({ ...base, hint: { kind: 'free-port' } }).success).toBe(false);
    expect(AppErrorData.safeParse({ ...base, hint: { kind: 'forget-host-key' } }).success).toBe(false);
  });

  it('the statuses of transfers, tunnels and forwards carry the hint of their error', () => {
    const error = { code: 'SFTP_CANCELLED', message: 'Stopped.', hint: { kind: 'resume-copy' } };
    expect(TransferStatus.shape.error.parse(error)?.hint).toEqual({ kind: 'resume-copy' });
    expect(TunnelStatus.shape.error.parse(error)?.hint).toEqual({ kind: 'resume-copy' });
    expect(ForwardStatus.shape.lastError.parse(error)?.hint).toEqual({ kind: 'resume-copy' });
  });

  it('keeps its hint when attributed to a hop, and what was not foreseen suggests diagnostics', () => {
    const hinted = new AppError('NOT_SSH', 'x is not an SSH server.', { hint: { kind: 'check-port' } });
    expect(hinted.onHop('u@x:22').hint).toEqual({ kind: 'check-port' });
    expect(toAppError(new Error('boom'))).toMatchObject({ code: 'INTERNAL', hint: { kind: 'retry-with-diagnostics' } });
  });
});
