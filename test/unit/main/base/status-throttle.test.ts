import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StatusThrottle } from '../../../../main/base/status-throttle';
import { isStatusChange } from '../../../../main/forward/tunnel-manager';
import { parseForward } from '../../../../shared/model/forward-spec';
import type { TunnelStatus } from '../../../../shared/model/tunnel-profile';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

interface Sample {
  state: string;
  bytes: number;
}

function throttle() {
  const sent: Sample[] = [];
  const subject = new StatusThrottle<Sample>({ intervalMs: 250, isUrgent: (last, next) => last?.state !== next.state, emit: (value) => sent.push(value) });
  return { subject, sent };
}

describe('StatusThrottle', () => {
  it('sends counters at most every 250 ms, and the latest one last', () => {
    const { subject, sent } = throttle();
    subject.push({ state: 'up', bytes: 0 });
    for (let bytes = 1; bytes <= 100; bytes++) {
      subject.push({ state: 'up', bytes });
      vi.advanceTimersByTime(10);
    }
    // 1 s of pushes every 10 ms: the first at once, then one per 250 ms.
    expect(sent.map((s) => s.bytes)).toEqual([0, 25, 50, 75, 100]);
    vi.advanceTimersByTime(1_000);
    expect(sent.at(-1)).toEqual({ state: 'up', bytes: 100 });
    expect(sent).toHaveLength(5);
  });

  it('sends a change of state at once, with nothing stale after it', () => {
    const { subject, sent } = throttle();
    subject.push({ state: 'up', bytes: 1 });
    subject.push({ state: 'up', bytes: 2 });
    subject.push({ state: 'retrying', bytes: 2 });
    expect(sent.map((s) => s.state)).toEqual(['up', 'retrying']);
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(2);
  });

  it('sends nothing after dispose', () => {
    const { subject, sent } = throttle();
    subject.push({ state: 'up', bytes: 1 });
    subject.push({ state: 'up', bytes: 2 });
    subject.dispose();
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(1);
  });
});

describe('isStatusChange', () => {
  const spec = parseForward('local', '8080:db:5432');
  const forward = {
    spec,
    label: '-L 8080:db:5432',
    state: 'listening' as const,
    activeConnections: 0,
    totalConnections: 0,
    bytesFromClient: 0,
    bytesToClient: 0,
  };
  const up: TunnelStatus = { name: 'db', state: 'up', attempt: 0, forwards: [forward] };

  it('counts states, retries, errors and forward states as changes; counters and connections are not', () => {
    expect(isStatusChange(undefined, up)).toBe(true);
    expect(isStatusChange(up, { ...up, forwards: [{ ...forward, bytesFromClient: 10, activeConnections: 1, totalConnections: 1 }] })).toBe(false);
    expect(isStatusChange(up, { ...up, state: 'retrying', retryInMs: 1000 })).toBe(true);
    expect(isStatusChange(up, { ...up, forwards: [{ ...forward, state: 'failed' }] })).toBe(true);
    expect(isStatusChange(up, { ...up, forwards: [{ ...forward, lastError: { code: 'FORWARD_REFUSED', message: 'no' } }] })).toBe(true);
  });
});
