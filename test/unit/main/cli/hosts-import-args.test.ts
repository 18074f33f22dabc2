import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText, detectKind, parseImportArgs } from '../../../../main/cli/hosts-import';
import { AppError } from '../../../../shared/errors';

describe('parseImportArgs', () => {
  it('takes a file, then the names to import; --from in either spelling; --dry-run', () => {
    expect(parseImportArgs(['sessions.reg', 'web', 'db', '--dry-run'])).toEqual({ file: 'sessions.reg', names: ['web', 'db'], isDryRun: true });
    expect(parseImportArgs(['--from', 'tabby', 'c.yaml'])).toMatchObject({ file: 'c.yaml', kind: 'tabby', names: [] });
    expect(parseImportArgs(['--from=putty', 'x'])).toMatchObject({ kind: 'putty' });
    expect(parseImportArgs(['x', '--', '-odd-name'])).toMatchObject({ file: 'x', names: ['-odd-name'] });
  });

  it('--ssh-config reads no file: every word is a name', () => {
    expect(parseImportArgs(['--ssh-config', 'web', 'db'])).toEqual({ kind: 'ssh-config', names: ['web', 'db'], isDryRun: false });
  });

  it('refuses no file, an unknown kind or option, and --ssh-config with another --from', () => {
    for (const argv of [[], ['--from', 'winscp', 'x'], ['--frm', 'x'], ['--ssh-config', '--from', 'putty']]) {
      expect(() => parseImportArgs(argv), argv.join(' ')).toThrow(AppError);
    }
  });
});

describe('detectKind and decodeText', () => {
  it('tells the kinds apart by what the files hold', () => {
    const fixture = (name: string) => readFileSync(`test/fixtures/import/${name}`, 'utf8');
    expect(detectKind(fixture('putty-sessions.reg'))).toBe('putty');
    expect(detectKind(fixture('bookmarks.mxtsessions'))).toBe('mobaxterm');
    expect(detectKind(fixture('tabby-config.yaml'))).toBe('tabby');
    expect(detectKind('# mine\nHost web\n  HostName 10.0.0.5\n')).toBe('ssh-config');
    expect(detectKind('shopping list\n')).toBeUndefined();
  });

  it('reads UTF-16 with a byte-order mark (reg export) and drops a UTF-8 one', () => {
    const text = 'Windows Registry Editor Version 5.00\r\n';
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]))).toBe(text);
    expect(decodeText(Buffer.from(`\uFEFF${text}`, 'utf8'))).toBe(text);
  });
});
