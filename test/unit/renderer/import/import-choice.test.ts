import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../../shared/model/host-import';
import { defaultChoice, importedRows, importRows, neededJumpHosts, readImportFile, resultText } from '../../../../renderer/import/import-choice';

const action = (key: string, kind: 'create' | 'update' | 'unchanged' | 'skip', via: string[] = [], hasPassword = false) => ({
  key,
  name: key.toUpperCase(),
  action: kind,
  summary: key,
  via,
  hasPassword,
  warnings: [],
});

/** z goes through y, which goes through x; w is unchanged; v cannot be imported; the file also held a telnet session. */
const PREVIEW: ImportPreview = {
  actions: [action('x', 'create'), action('y', 'unchanged', ['x']), action('z', 'update', ['y'], true), action('w', 'unchanged'), action('v', 'skip')],
  skipped: [{ name: 'router', reason: 'it is a telnet session; only SSH sessions are imported.' }],
};

describe('the import dialog’s choice', () => {
  it('lists every entry and what the file held that cannot be imported; chooses what would change something', () => {
    const rows = importRows(PREVIEW);
    expect(rows.map((row) => [row.name, row.action])).toEqual([
      ['X', 'create'],
      ['Y', 'unchanged'],
      ['Z', 'update'],
      ['W', 'unchanged'],
      ['V', 'skip'],
      ['router', 'skip'],
    ]);
    expect(rows.at(-1)!.reason).toMatch(/telnet/);
    expect([...defaultChoice(rows)]).toEqual(['x', 'z']);
  });

  it('a chosen host brings its jump hosts and theirs, and says which host needs each', () => {
    const rows = importRows(PREVIEW);
    expect(neededJumpHosts(rows, new Set(['z']))).toEqual(
      new Map([
        ['y', ['Z']],
        ['x', ['Z']],
      ]),
    );
    // What is saved: only what changes something (y is unchanged), the jump host x included though not chosen.
    expect(importedRows(rows, new Set(['z'])).map((row) => row.key)).toEqual(['x', 'z']);
    expect(importedRows(rows, new Set(['w']))).toEqual([]);
  });

  it('says what an import did in one sentence', () => {
    expect(resultText([action('a', 'create'), action('b', 'create'), action('c', 'update'), action('d', 'unchanged')])).toBe(
      '2 hosts added, 1 updated, 1 unchanged.',
    );
    expect(resultText([action('a', 'create')])).toBe('1 host added.');
    expect(resultText([action('c', 'update'), action('d', 'unchanged'), action('e', 'unchanged')])).toBe('1 host updated, 2 unchanged.');
  });

  it('reads UTF-16 (the registry editor’s export), UTF-8 and Windows-1252, and refuses a binary or too large file', async () => {
    const file = (bytes: Uint8Array, size = bytes.length) => ({ name: 'f', size, arrayBuffer: async () => bytes.slice().buffer });
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'Windows Registry'].flatMap((char) => [char.charCodeAt(0), 0])]);
    expect(await readImportFile(file(utf16))).toEqual({ text: 'Windows Registry' });
    expect(await readImportFile(file(new TextEncoder().encode('Café=x')))).toEqual({ text: 'Café=x' });
    expect(await readImportFile(file(new Uint8Array([0x43, 0x61, 0x66, 0xe9])))).toEqual({ text: 'Café' });
    expect(await readImportFile(file(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1])))).toEqual({ problem: expect.stringMatching(/not a text file/) });
    expect(await readImportFile(file(new Uint8Array(), 5 * 1024 * 1024))).toEqual({ problem: expect.stringMatching(/larger than 4 MiB/) });
  });
});
