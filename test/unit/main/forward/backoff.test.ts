import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { ReconnectPolicy } from '../../../../shared/model/tunnel-profile';
import { backoffDelay, isPermanentFailure } from '../../../../main/forward/backoff';

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
});

describe('isPermanentFailure', () => {
  it('stops on what no retry can heal, retries what can', () => {
    for (const code of ['HOST_KEY_CHANGED', 'AUTH_FAILED', 'PROMPT_UNAVAILABLE', 'CONFIG_INVALID'] as const) {
      expect(isPermanentFailure(new AppError(code, 'x'))).toBe(true);
    }
    for (const code of [
      'CONNECTION_REFUSED',
      'CONNECTION_LOST',
      'KEEPALIVE_TIMEOUT',
      'CONNECT_TIMEOUT',
      'DNS_FAILED',
      'FORWARD_PORT_IN_USE',
      'FORWARD_REFUSED',
    ] as const) {
      expect(isPermanentFailure(new AppError(code, 'x'))).toBe(false);
    }
  });

  it('stops on a state error as it stopped on the INVALID_ARGUMENT they were (a removed profile does not come back by retrying)', () => {
    for (const code of ['PROFILE_NOT_FOUND', 'SESSION_CLOSED', 'SESSION_NOT_CONNECTED', 'NOT_FOUND', 'INVALID_STATE', 'OWNED_ELSEWHERE'] as const) {
      expect(isPermanentFailure(new AppError(code, 'x')), code).toBe(true);
    }
  });
});
