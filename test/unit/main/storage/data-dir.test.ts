import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppRpc } from '../../../../main/rpc/app-rpc';
import { prepareDataDir } from '../../../../main/storage/data-dir';
import { confBackend } from '../../../../main/storage/store-backend';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

let temp: TempDir;
beforeEach(() => {
  temp = makeTempDir('data-dir');
});
afterEach(() => temp.dispose());

describe.skipIf(process.platform === 'win32')('prepareDataDir', () => {
  it('creates a missing data folder, and the folders above it, owner-only (0700), with nothing to report', () => {
    const dir = join(temp.path, 'config', 'jumpgate');
    expect(prepareDataDir(dir)).toEqual([]);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(temp.path, 'config')).mode & 0o777).toBe(0o700);
  });

  it('never loosens or changes an existing folder, and reports one that other users can read or change', () => {
    const dir = join(temp.path, 'jumpgate');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const problems = prepareDataDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o755);
    expect(problems).toEqual([{ file: dir, message: expect.stringMatching(/can be read by other users \(mode 755\).*chmod 700/) }]);
    chmodSync(dir, 0o777);
    expect(prepareDataDir(dir)[0]?.message).toMatch(/can be changed by other users \(mode 777\)/);
    chmodSync(dir, 0o700);
    expect(prepareDataDir(dir)).toEqual([]);
  });

  it("the app's storage problems name a data folder other users can read", async () => {
    const dir = join(temp.path, 'jumpgate');
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o750);
    const core = createAppRpc({ dataDir: dir, transport: 'web', backend: confBackend(), versions: { node: process.versions.node }, env: {} });
    try {
      const answer = await core.router.dispatch('storage.problems', {}, { isTrustedSender: true, transport: 'direct' });
      expect(answer).toMatchObject({ ok: true, value: [{ file: dir, message: expect.stringMatching(/can be read by other users \(mode 750\)/) }] });
    } finally {
      core.dispose();
    }
  });
});
