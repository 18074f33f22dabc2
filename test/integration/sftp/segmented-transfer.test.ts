import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors';
import { LocalFileSystem } from '../../../main/sftp/local-file-system';
import { SegmentWorkers } from '../../../main/sftp/segment-workers';
import { TransferControl } from '../../../main/sftp/transfer-control';
import { runTransfer } from '../../../main/sftp/transfer-job';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { sha256File, startSftpFixture, writeRandomFile, type SftpFixture } from './sftp-fixture';

let fixture: SftpFixture;
let dir: TempDir;
const local = new LocalFileSystem();

beforeAll(async () => {
  fixture = await startSftpFixture();
  dir = makeTempDir('sftp-segmented');
}, 60_000);
afterAll(async () => {
  await fixture?.dispose();
  dir?.dispose();
});

describe('segmented transfers on worker threads', () => {
  it('splits a large file over two workers, each with its own connection, both ways, byte-identical', async () => {
    const source = join(dir.path, 'segmented.bin');
    const digest = writeRandomFile(source, 64 * 1024 * 1024 + 12345);
    const main = await fixture.openRecorded();
    const workers = await SegmentWorkers.start(main.session, main.recipe, 2);
    // The main session only creates and checks the partial file: the bytes go through the workers.
    const mainReads = vi.spyOn(main.session, 'openRead');
    const segments = async () => workers;
    let bytesReported = 0;
    try {
      const up = join(dir.path, 'segmented-up.bin');
      const upResult = await runTransfer({ src: local, srcPaths: [source], dst: main.session, dstPath: up, segments }, new TransferControl(), (p) => (bytesReported = p.bytesDone));
      expect(upResult.errors).toEqual([]);
      expect(bytesReported).toBe(64 * 1024 * 1024 + 12345);
      expect(await sha256File(up)).toBe(digest);
      const down = join(dir.path, 'segmented-down.bin');
      const downResult = await runTransfer({ src: main.session, srcPaths: [up], dst: local, dstPath: down, segments }, new TransferControl());
      expect(downResult.errors).toEqual([]);
      expect(await sha256File(down)).toBe(digest);
      expect(mainReads).not.toHaveBeenCalled();
    } finally {
      workers.dispose();
      main.dispose();
    }
  });

  it('a worker refuses a host key other than the one the main connection accepted', async () => {
    const main = await fixture.openRecorded();
    try {
      const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
      const blob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), other]);
      const error = await SegmentWorkers.start(main.session, { ...main.recipe, hostKeys: [blob.toString('base64')] }, 1).catch((e: unknown) => e);
      expect(AppError.is(error, 'HOST_KEY_CHANGED')).toBe(true);
      expect((error as AppError).message).toContain('changed between connections');
    } finally {
      main.dispose();
    }
  });
});
