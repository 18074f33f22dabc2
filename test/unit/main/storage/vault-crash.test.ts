import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppError } from '../../../../shared/errors';
import { Vault } from '../../../../main/storage/vault';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

// The last step of an atomic write is the rename; failing it stands in for a crash (or a full
// disk) after the new content was written to its temp file but before it replaced the old one.
const failRename = vi.hoisted(() => ({ isOn: false }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      if (failRename.isOn) throw Object.assign(new Error('simulated crash'), { code: 'EIO' });
      real.renameSync(from, to);
    },
  };
});

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const code = (expected: string) => expect.objectContaining({ code: expected }) as AppError;

describe('Vault writes are atomic', () => {
  let dir: TempDir;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir('vault-crash');
    file = join(dir.path, 'vault.json');
  });
  afterEach(() => {
    failRename.isOn = false;
    dir.dispose();
  });

  it('a passphrase change that fails before the rename leaves the old file, and the old passphrase, working', async () => {
    const vault = new Vault({ file, scrypt: FAST });
    await vault.setup('old passphrase');
    vault.setSecret('k', 'the secret');
    const before = fs.readFileSync(file);

    failRename.isOn = true;
    await expect(vault.changePassphrase('old passphrase', 'new passphrase')).rejects.toEqual(code('STORAGE_WRITE_FAILED'));
    expect(() => vault.setSecret('k2', 'another')).toThrowError(code('STORAGE_WRITE_FAILED'));
    failRename.isOn = false;

    expect(fs.readFileSync(file)).toEqual(before);
    expect(fs.readdirSync(dir.path)).toEqual(['vault.json']);
    const reopened = new Vault({ file, scrypt: FAST });
    await expect(reopened.unlock('new passphrase')).rejects.toEqual(code('VAULT_WRONG_PASSPHRASE'));
    await reopened.unlock('old passphrase');
    expect(reopened.getSecret('k')).toBe('the secret');
    expect(reopened.getSecret('k2')).toBeUndefined();
    // The failed write did not leave the first vault believing in a secret that is not on disk.
    expect(vault.getSecret('k2')).toBeUndefined();
  });
});
