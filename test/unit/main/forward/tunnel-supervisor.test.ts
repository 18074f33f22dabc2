import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../../../../shared/base/event';
import { AppError } from '../../../../shared/errors';
import { ReconnectPolicy, type TunnelStatus } from '../../../../shared/model/tunnel-profile';
import { TunnelSupervisor } from '../../../../main/forward/tunnel-supervisor';
import type { CloseReason, SshConnection } from '../../../../main/ssh/connect/ssh-connection';
import type { ConnectionLease } from '../../../../main/ssh/connect/ssh-connector';

/** A lease on a stand-in connection that the test can drop. */
function fakeLease() {
  const closeEmitter = new Emitter<CloseReason>();
  const connection = { label: 'root@db:22', closed: false, onDidClose: closeEmitter.event } as unknown as SshConnection;
  const lease: ConnectionLease & { drop(reason: AppError): void; isDisposed: boolean } = {
    connection,
    hops: [connection],
    isDisposed: false,
    dispose() {
      this.isDisposed = true;
    },
    drop(reason) {
      (connection as { closed: boolean }).closed = true;
      closeEmitter.fire(reason);
    },
  };
  return lease;
}

type Outcome = AppError | ReturnType<typeof fakeLease>;

function supervise(outcomes: Outcome[], policy: Partial<ReconnectPolicy> = {}) {
  const states: TunnelStatus[] = [];
  let connects = 0;
  const supervisor = new TunnelSupervisor({
    name: 'db',
    forwards: [],
    exitOnForwardFailure: false,
    reconnect: ReconnectPolicy.parse({ initialDelayMs: 1_000, maxDelayMs: 8_000, jitter: 0.2, ...policy }),
    random: () => 0.5,
    connect: async () => {
      connects++;
      const outcome = outcomes.shift();
      if (!outcome) throw new AppError('CONNECTION_REFUSED', 'refused');
      if (outcome instanceof AppError) throw outcome;
      return outcome;
    },
  });
  supervisor.onDidChange((status) => states.push(status));
  return { supervisor, states, connects: () => connects, summary: () => states.map((s) => (s.state === 'retrying' ? `retrying ${s.retryInMs}` : s.state)) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('TunnelSupervisor', () => {
  it('retries with growing delays until the connection succeeds, then resets the count', async () => {
    const refused = new AppError('CONNECTION_REFUSED', 'refused');
    const lease = fakeLease();
    const run = supervise([refused, refused, refused, lease]);
    run.supervisor.start();
    await vi.runAllTimersAsync();
    expect(run.summary()).toEqual(['connecting', 'retrying 1000', 'connecting', 'retrying 2000', 'connecting', 'retrying 4000', 'connecting', 'up']);
    expect(run.supervisor.status.attempt).toBe(0);

    lease.drop(new AppError('KEEPALIVE_TIMEOUT', 'gone'));
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000 + 8_000);
    expect(lease.isDisposed).toBe(true);
    expect(run.summary().slice(8)).toEqual([
      'retrying 1000',
      'connecting',
      'retrying 2000',
      'connecting',
      'retrying 4000',
      'connecting',
      'retrying 8000',
      'connecting',
      'retrying 8000',
    ]);
    expect(run.supervisor.status.error?.code).toBe('CONNECTION_REFUSED');
    run.supervisor.dispose();
    const connects = run.connects();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run.connects()).toBe(connects);
    expect(run.supervisor.status.state).toBe('stopped');
  });

  it('stops at once on a failure that cannot heal', async () => {
    const run = supervise([new AppError('AUTH_FAILED', 'no key accepted')]);
    run.supervisor.start();
    await vi.runAllTimersAsync();
    expect(run.summary()).toEqual(['connecting', 'failed']);
    expect(run.supervisor.status.error).toEqual({ code: 'AUTH_FAILED', message: 'no key accepted' });
    expect(run.connects()).toBe(1);
  });

  it('gives up after maxAttempts, and never retries when reconnecting is off', async () => {
    const limited = supervise([], { maxAttempts: 3 });
    limited.supervisor.start();
    await vi.runAllTimersAsync();
    expect(limited.connects()).toBe(3);
    expect(limited.supervisor.status.state).toBe('failed');

    const lease = fakeLease();
    const off = supervise([lease], { isEnabled: false });
    off.supervisor.start();
    await vi.runAllTimersAsync();
    lease.drop(new AppError('CONNECTION_LOST', 'lost'));
    await vi.runAllTimersAsync();
    expect(off.summary()).toEqual(['connecting', 'up', 'failed']);
  });

  it('releases a connection that arrives after it was disposed', async () => {
    const lease = fakeLease();
    const run = supervise([lease]);
    run.supervisor.start();
    run.supervisor.dispose();
    await vi.runAllTimersAsync();
    expect(lease.isDisposed).toBe(true);
    expect(run.supervisor.status.state).toBe('stopped');
  });
});
