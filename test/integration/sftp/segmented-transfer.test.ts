import { generateKeyPairSync } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors';
import { LocalFileSystem } from '../../../main/sftp/protocol/local-file-system';
import { SegmentWorkers } from '../../../main/sftp/transfer/segment-workers';
import { TransferControl } from '../../../main/sftp/transfer/transfer-control';
import { runTransfer } from '../../../main/sftp/transfer/transfer-job';
import { TransferQueue } from '../../../main/sftp/transfer/transfer-queue';
import { pollUntil } from '../../helpers/poll-until';
import { steadySize } from '../../helpers/steady-size';
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
      const upResult = await runTransfer(
        { src: local, srcPaths: [source], dst: main.session, dstPath: up, segments },
        new TransferControl(),
        (p) => (bytesReported = p.bytesDone),
      );
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

  it('pause stops the bytes of a copy on the workers, resume completes it identical, cancel leaves nothing', async () => {
    const size = 128 * 1024 * 1024;
    const source = join(dir.path, 'pausable.bin');
    const digest = writeRandomFile(source, size);
    const main = await fixture.openRecorded();
    const workers = await SegmentWorkers.start(main.session, main.recipe, 2);
    const segments = async () => workers;
    const queue = new TransferQueue(1);
    try {
      for (const direction of ['down', 'up'] as const) {
        const [src, dst] = direction === 'down' ? [main.session, local] : [local, main.session];
        const target = join(dir.path, `paused-${direction}.bin`);
        const partial = join(dir.path, `.paused-${direction}.bin.jgpart`);
        const job = queue.add({ src, srcPaths: [source], dst, dstPath: target, segments });
        await pollUntil(() => existsSync(partial) && statSync(partial).size > 0, { message: 'the copy to be under way' });
        queue.pause(job.id);
        // Requests already in flight land; then the partial file must stop growing, short of the end.
        const held = await steadySize(partial);
        expect(held).toBeLessThan(size);
        expect(queue.status(job.id)?.state).toBe('paused');
        expect(existsSync(target)).toBe(false);
        queue.resume(job.id);
        expect(await job.done).toMatchObject({ state: 'done' });
        expect(await sha256File(target)).toBe(digest);
        expect(existsSync(partial)).toBe(false);
      }
      // Cancelled mid-copy, and once while paused: nothing at the destination name, no partial file.
      for (const isPausedFirst of [false, true]) {
        const target = join(dir.path, `cancelled-${isPausedFirst}.bin`);
        const partial = join(dir.path, `.cancelled-${isPausedFirst}.bin.jgpart`);
        const job = queue.add({ src: main.session, srcPaths: [source], dst: local, dstPath: target, segments });
        await pollUntil(() => existsSync(partial) && statSync(partial).size > 0, { message: 'the copy to be under way' });
        if (isPausedFirst) queue.pause(job.id);
        queue.cancel(job.id);
        expect(await job.done).toMatchObject({ state: 'cancelled', error: { code: 'SFTP_CANCELLED' } });
        expect(existsSync(target)).toBe(false);
        expect(existsSync(partial)).toBe(false);
      }
    } finally {
      queue.dispose();
      workers.dispose();
      main.dispose();
    }
  }, 120_000);

  it('an interrupted copy on three workers keeps the record of what landed, and resumes identical on them', async () => {
    const size = 128 * 1024 * 1024;
    const source = join(dir.path, 'interrupted.bin');
    const digest = writeRandomFile(source, size);
    const target = join(dir.path, 'interrupted-copy.bin');
    const partial = join(dir.path, '.interrupted-copy.bin.jgpart');
    const main = await fixture.openRecorded();
    const workers = await SegmentWorkers.start(main.session, main.recipe, 3);
    const spec = (resume: boolean) => ({ src: main.session, srcPaths: [source], dst: local, dstPath: target, segments: async () => workers, resume });
    try {
      const control = new TransferControl();
      const first = runTransfer(spec(false), control);
      // The third block starts at about 32 MiB: past that, the first and second have holes.
      await pollUntil(() => existsSync(partial) && statSync(partial).size > 40 * 1024 * 1024, {
        intervalMs: 5,
        timeoutMs: 30_000,
        message: 'the blocks under way',
      });
      control.interrupt();
      await expect(first).rejects.toMatchObject({ code: 'SFTP_CANCELLED' });
      expect(existsSync(`${partial}.ranges`)).toBe(true);
      const again = await runTransfer(spec(true), new TransferControl());
      expect(again.errors).toEqual([]);
      expect(again.bytesResumed).toBeGreaterThan(0);
      expect(await sha256File(target)).toBe(digest);
      expect(existsSync(partial)).toBe(false);
      expect(existsSync(`${partial}.ranges`)).toBe(false);
    } finally {
      workers.dispose();
      main.dispose();
    }
  }, 120_000);

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
