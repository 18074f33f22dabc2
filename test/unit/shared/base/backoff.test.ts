import { describe, expect, it } from 'vitest';
import { ReconnectPolicy } from '../../../../shared/model/tunnel-profile';
import { backoffDelay } from '../../../../shared/base/backoff';

describe('backoffDelay', () => {
  const policy = ReconnectPolicy.parse({ initialDelayMs: 1_000, maxDelayMs: 30_000, multiplier: 2, jitter: 0.2 });

  it('doubles from the initial delay up to the cap', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, policy, middle))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('moves each delay by at most ±jitter', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(3_200);
    expect(backoffDelay(3, policy, () => 0.999_999)).toBe(4_800);
    expect(backoffDelay(3, { ...policy, jitter: 0 }, Math.random)).toBe(4_000);
  });

  it('waits the initial delay before the first attempt, whatever the multiplier', () => {
    const steep = { initialDelayMs: 250, maxDelayMs: 10_000, multiplier: 3, jitter: 0 };
    expect([1, 2, 3, 5].map((attempt) => backoffDelay(attempt, steep))).toEqual([250, 750, 2_250, 10_000]);
  });
});
