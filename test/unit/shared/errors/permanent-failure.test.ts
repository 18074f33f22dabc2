import { describe, expect, it } from 'vitest';
import { AppError, isPermanentFailure } from '../../../../shared/errors';

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
