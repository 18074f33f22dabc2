import { describe, expect, it } from 'vitest';
import { labelUntrusted, sanitizeUntrusted } from '../../../shared/base/untrusted-text';

describe('server text is shown as untrusted', () => {
  it('makes escape sequences and other controls visible instead of letting them act', () => {
    expect(sanitizeUntrusted('hi\x1b[2J\x07there\r\n')).toBe('hi\\x1b[2J\\x07there\n');
    expect(sanitizeUntrusted('bell\x9b31m')).toBe('bell\\x9b31m');
  });

  it('prefixes every line with the hop it came from', () => {
    expect(labelUntrusted('root@h:22', 'Welcome\nAuthorized use only\n')).toBe('[root@h:22] Welcome\n[root@h:22] Authorized use only');
  });
});
