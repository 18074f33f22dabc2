import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../../../shared/errors';
import { Settings } from '../../../../shared/model/profile';
import { SettingsStore } from '../../../../main/storage/settings-store';
import { confBackend } from '../../../../main/storage/store-backend';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

describe('SettingsStore', () => {
  let dir: TempDir;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir('settings');
    file = join(dir.path, 'settings.json');
  });
  afterEach(() => dir.dispose());

  it('starts from the defaults and persists a patch', () => {
    const store = new SettingsStore(confBackend(), dir.path);
    expect(store.get()).toEqual(Settings.parse({}));
    const updated = store.update({ theme: 'dark', terminalFontSize: 16 });
    expect(updated).toMatchObject({ theme: 'dark', terminalFontSize: 16, copyOnSelect: false });
    expect(new SettingsStore(confBackend(), dir.path).get()).toEqual(updated);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ schemaVersion: 1, settings: updated });
  });

  it('keeps the sidebar’s order and folded groups across a restart, and a settings.json without them reads as by name, none folded', () => {
    const store = new SettingsStore(confBackend(), dir.path);
    expect(store.get()).toMatchObject({ hostSort: 'name', foldedHostGroups: [] });
    store.update({ hostSort: 'last-used', foldedHostGroups: ['Lab', '~/.ssh/config'] });
    expect(new SettingsStore(confBackend(), dir.path).get()).toMatchObject({ hostSort: 'last-used', foldedHostGroups: ['Lab', '~/.ssh/config'] });
    expect(() => store.update({ foldedHostGroups: ['x'.repeat(121)] })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as AppError);
    expect(() => store.update({ hostSort: 'size' as never })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as AppError);
  });

  it('refuses an invalid patch and changes nothing', () => {
    const store = new SettingsStore(confBackend(), dir.path);
    expect(() => store.update({ terminalFontSize: 99 })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as AppError);
    expect(() => store.update({ nope: true } as never)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as AppError);
    expect(store.get()).toEqual(Settings.parse({}));
  });

  it('keeps every valid setting of a hand-edited file and defaults only the bad ones', () => {
    const original = JSON.stringify({ schemaVersion: 1, settings: { theme: 'dark', terminalFontSize: 'huge', copyOnSelect: true, colour: 'x' } });
    writeFileSync(file, original);
    const store = new SettingsStore(confBackend(), dir.path);
    expect(store.get()).toMatchObject({ theme: 'dark', terminalFontSize: 14, copyOnSelect: true });
    const message = store.problems[0]!.message;
    expect(message).toContain('setting "terminalFontSize"');
    expect(message).toContain('unknown setting "colour"');
    expect(readFileSync(store.problems[0]!.backup!, 'utf8')).toBe(original);
  });

  it('survives broken JSON with the defaults and the original kept', () => {
    writeFileSync(file, 'theme = dark\n');
    const store = new SettingsStore(confBackend(), dir.path);
    expect(store.get()).toEqual(Settings.parse({}));
    expect(readFileSync(store.problems[0]!.backup!, 'utf8')).toBe('theme = dark\n');
    expect(store.update({ theme: 'light' }).theme).toBe('light');
  });
});
