import { describe, expect, it } from 'vitest';
import { labelUntrusted, sanitizeUntrusted } from '../../../shared/base/untrusted-text';

describe('server text is shown as untrusted', () => {
  it('makes escape sequences and other controls visible instead of letting them act', () => {
    expect(sanitizeUntrusted('hi\x1b[2J\x07there\r\n')).toBe('hi\\x1b[2J\\x07there\n');
    expect(sanitizeUntrusted('bell\x9b31m')).toBe('bell\\x9b31m');
  });

  it('makes Unicode bidi controls, marks and line/paragraph separators visible, as it does controls', () => {
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
    for (const c of bidi) expect(sanitizeUntrusted(`a${c}b`)).toBe(`a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b`);
    expect(sanitizeUntrusted('one\u2028two\u2029three')).toBe('one\\u2028two\\u2029three');
    // A banner that would read "Login OK" while its bytes say otherwise.
    expect(labelUntrusted('h', 'txt.\u202eexe')).toBe('[h] txt.\\u202eexe');
    expect(sanitizeUntrusted('zero\u200bwidth\ufeff')).toBe('zero\\u200bwidth\\ufeff');
  });

  it('leaves ordinary text, tabs and every script alone', () => {
    expect(sanitizeUntrusted('Grüße\t密码 مرحبا שלום 👋\n')).toBe('Grüße\t密码 مرحبا שלום 👋\n');
  });

  it('prefixes every line with the hop it came from', () => {
    expect(labelUntrusted('root@h:22', 'Welcome\nAuthorized use only\n')).toBe('[root@h:22] Welcome\n[root@h:22] Authorized use only');
  });
});
