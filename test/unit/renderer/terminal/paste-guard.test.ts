import { describe, expect, it } from 'vitest';
import { describePaste, pasteRisk } from '../../../../renderer/terminal/paste-guard';
import { safeLinkTarget } from '../../../../renderer/terminal/link-policy';

describe('pasteRisk', () => {
  it('lets a single line through, with or without its trailing newline', () => {
    expect(pasteRisk('ls -la')).toBeUndefined();
    expect(pasteRisk('ls -la\n')).toBeUndefined();
    expect(pasteRisk('a\tb')).toBeUndefined();
  });

  it('asks for more than one line, whatever the line ends', () => {
    expect(pasteRisk('echo a\necho b')).toBe('multi-line');
    expect(pasteRisk('echo a\r\necho b\r\n')).toBe('multi-line');
    expect(pasteRisk('echo a\recho b')).toBe('multi-line');
  });

  it('asks for control characters, such as an embedded end of bracketed paste', () => {
    expect(pasteRisk('harmless\u001b[201~rm -rf ~')).toBe('control-characters');
    expect(pasteRisk('x\u0003')).toBe('control-characters');
    expect(pasteRisk('x\u009b31m')).toBe('control-characters');
  });

  it('describes a paste by its lines, control characters made visible, long ones cut', () => {
    expect(describePaste('a\nb\u001b\n')).toEqual({ lineCount: 2, preview: 'a\nb\\x1b', isCut: false });
    const long = describePaste(Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n'));
    expect(long).toMatchObject({ lineCount: 12, isCut: true });
    expect(long.preview.split('\n')).toHaveLength(8);
  });
});

describe('safeLinkTarget', () => {
  it('opens http and https only, as the browser will parse them', () => {
    expect(safeLinkTarget('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(safeLinkTarget('http://EXAMPLE.com')).toBe('http://example.com/');
    expect(safeLinkTarget('file:///etc/passwd')).toBeUndefined();
    expect(safeLinkTarget('javascript:alert(1)')).toBeUndefined();
    expect(safeLinkTarget('ssh://host')).toBeUndefined();
    expect(safeLinkTarget('not a url')).toBeUndefined();
  });

  it('refuses a link with credentials in it, which can disguise the real host', () => {
    expect(safeLinkTarget('https://bank.example.com@evil.example.net/')).toBeUndefined();
  });
});
