import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileSystem } from '../../../../../main/sftp/protocol/local-file-system';
import { ProtectedPaths, protectLocalFiles } from '../../../../../main/sftp/file-manager/protected-paths';
import { makeTempDir, type TempDir } from '../../../../helpers/temp-dir';

const protectedError = expect.objectContaining({ code: 'PATH_PROTECTED' });

describe("local files with Jumpgate's data protected", () => {
  let dir: TempDir;
  let data: string;
  let vault: string;
  beforeEach(() => {
    dir = makeTempDir('protected');
    data = join(dir.path, 'config', 'jumpgate');
    mkdirSync(data, { recursive: true });
    vault = join(data, 'vault.json');
    writeFileSync(vault, '{"format":"jumpgate-vault"}', { mode: 0o600 });
    writeFileSync(join(dir.path, 'notes.txt'), 'mine');
  });
  afterEach(() => dir.dispose());

  const files = () => protectLocalFiles(new LocalFileSystem(), new ProtectedPaths([data]));

  it('refuses to list, read, write, change the mode of or rename anything inside the data directory', async () => {
    const fs = files();
    await expect(fs.list(data)).rejects.toThrowError(protectedError);
    await expect(fs.openRead(vault)).rejects.toThrowError(protectedError);
    await expect(fs.sha256(vault)).rejects.toThrowError(protectedError);
    await expect(fs.openWrite(join(data, 'profiles.json'), { create: true })).rejects.toThrowError(protectedError);
    await expect(fs.chmod(vault, 0o644)).rejects.toThrowError(protectedError);
    await expect(fs.rename(vault, join(dir.path, 'taken.json'))).rejects.toThrowError(protectedError);
    await expect(fs.rename(join(dir.path, 'notes.txt'), join(data, 'vault.json'))).rejects.toThrowError(protectedError);
    await expect(fs.unlink(vault)).rejects.toThrowError(protectedError);
    expect(() => fs.followSha256?.(vault)).toThrowError(protectedError);
    expect(statSync(vault).mode & 0o777).toBe(0o600);
    expect(readFileSync(vault, 'utf8')).toContain('jumpgate-vault');
  });

  it('a link into the data directory does not open it, nor does moving a folder that holds it', async () => {
    symlinkSync(vault, join(dir.path, 'innocent.json'));
    symlinkSync(data, join(dir.path, 'shortcut'));
    const fs = files();
    await expect(fs.openRead(join(dir.path, 'innocent.json'))).rejects.toThrowError(protectedError);
    await expect(fs.list(join(dir.path, 'shortcut'))).rejects.toThrowError(protectedError);
    await expect(fs.openWrite(join(dir.path, 'shortcut', 'new-file'), { create: true })).rejects.toThrowError(protectedError);
    await expect(fs.rename(join(dir.path, 'config'), join(dir.path, 'elsewhere'))).rejects.toThrowError(protectedError);
  });

  it('everything else works as before, including listing the folder that holds the data directory', async () => {
    const fs = files();
    expect((await fs.list(dir.path)).map((entry) => entry.name).sort()).toEqual(['config', 'notes.txt']);
    expect((await fs.list(join(dir.path, 'config'))).map((entry) => entry.name)).toEqual(['jumpgate']);
    await fs.chmod(join(dir.path, 'notes.txt'), 0o640);
    await fs.rename(join(dir.path, 'notes.txt'), join(dir.path, 'renamed.txt'));
    await fs.mkdir(join(dir.path, 'config', 'other-app'));
    expect(fs.where).toBe('local');
    expect(fs.isRemote).toBe(false);
  });
});
