import { describe, expect, it } from 'vitest';
import { planTarget } from '../../../../../main/ssh/config/connect-target';

describe('planTarget', () => {
  it('a saved connection that was removed is PROFILE_NOT_FOUND, not a bad input', () => {
    expect(() => planTarget({ profileId: 'gone' }, () => undefined, {})).toThrow(expect.objectContaining({ code: 'PROFILE_NOT_FOUND' }));
  });
});
