import { mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, lstatSync, symlinkSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileSystem } from '../../../main/sftp/local-file-system';
import { TransferControl } from '../../../main/sftp/transfer-control';
import { runTransfer } from '../../../main/sftp/transfer-job';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { sha256File, startSftpFixture, writeRandomFile, type SftpFixture } from './sftp-fixture';

let fixture: SftpFixture;
let dir: TempDir;
const local = new LocalFileSystem();

beforeAll(async () => {
  fixture = await startSftpFixture();
  dir = makeTempDir('sftp-transfer');
}, 60_000);
afterAll(async () => {
  await fixture?.dispose();
  dir?.dispose();
});

/** sshd runs on this machine, so a "remote" path is also readable here: the test compares directly. */
describe('file transfers over SFTP', () => {
  it('copies 64 MiB up and back down byte-identical, through a temporary name', async () => {
    const source = join(dir.path, 'big.bin');
    const digest = writeRandomFile(source, 64 * 1024 * 1024);
    mkdirSync(join(dir.path, 'remote'));
    mkdirSync(join(dir.path, 'back'));
    const { session, dispose } = await fixture.open();
    try {
      const progress: number[] = [];
      const up = await runTransfer({ src: local, srcPaths: [source], dst: session, dstPath: join(dir.path, 'remote') }, new TransferControl(), (p) => progress.push(p.bytesDone));
      expect(up).toMatchObject({ filesCopied: 1, bytes: 64 * 1024 * 1024, errors: [] });
      expect(await sha256File(join(dir.path, 'remote', 'big.bin'))).toBe(digest);
      expect(progress.at(-1)).toBe(64 * 1024 * 1024);

      const down = await runTransfer({ src: session, srcPaths: [join(dir.path, 'remote', 'big.bin')], dst: local, dstPath: join(dir.path, 'back', 'copy.bin') }, new TransferControl());
      expect(down.errors).toEqual([]);
      expect(await sha256File(join(dir.path, 'back', 'copy.bin'))).toBe(digest);
      expect(readdirSync(join(dir.path, 'back'))).toEqual(['copy.bin']);
      expect(readdirSync(join(dir.path, 'remote'))).toEqual(['big.bin']);
    } finally {
      dispose();
    }
  });
});
