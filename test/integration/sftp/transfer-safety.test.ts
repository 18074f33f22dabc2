import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { partialPathFor } from '../../../main/sftp/transfer/copy-file';
import { LocalFileSystem } from '../../../main/sftp/protocol/local-file-system';
import { TransferControl } from '../../../main/sftp/transfer/transfer-control';
import { runTransfer, type TransferSpec } from '../../../main/sftp/transfer/transfer-job';
import { TransferQueue } from '../../../main/sftp/transfer/transfer-queue';
import { startCuttingProxy, type CuttingProxy } from '../../fixtures/cutting-proxy';
import { pollUntil } from '../../helpers/poll-until';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { sha256File, startSftpFixture, writeRandomFile, type SftpFixture } from './sftp-fixture';

const SIZE = 64 * 1024 * 1024;
let fixture: SftpFixture;
let proxy: CuttingProxy;
let dir: TempDir;
let source: string;
let digest: string;
const local = new LocalFileSystem();

beforeAll(async () => {
  fixture = await startSftpFixture();
  proxy = await startCuttingProxy(fixture.server.port);
  dir = makeTempDir('sftp-safety');
  source = join(dir.path, 'source.bin');
  digest = writeRandomFile(source, SIZE);
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await fixture?.dispose();
  dir?.dispose();
});

/** A job reports per-file failures in its result and throws only what ends it: either way, the first error. */
function firstError(job: Promise<{ errors: AppError[] }>): Promise<unknown> {
  return job.then(
    (result) => result.errors[0],
    (error: unknown) => error,
  );
}

/**
 * Watches `path` while `work` runs: a reader may see nothing there, or the whole file, never
 * a part of it.
 */
async function whileWatching<T>(path: string, work: () => Promise<T>): Promise<{ value: T | undefined; error: unknown; partialSightings: number }> {
  let isDone = false;
  let partialSightings = 0;
  const watcher = (async () => {
    while (!isDone) {
      if (existsSync(path) && statSync(path).size !== SIZE) partialSightings++;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  try {
    return { value: await work(), error: undefined, partialSightings };
  } catch (error) {
    return { value: undefined, error, partialSightings };
  } finally {
    isDone = true;
    await watcher;
  }
}

describe('transfers that fail or are cut never leave a partial file at the destination name', () => {
  for (const direction of ['up', 'down'] as const) {
    it(`resumes an ${direction}load cut halfway and ends identical`, async () => {
      const target = join(dir.path, `resumed-${direction}.bin`);
      const spec = (session: TransferSpec['src'], resume: boolean): TransferSpec =>
        direction === 'up'
          ? { src: local, srcPaths: [source], dst: session, dstPath: target, resume }
          : { src: session, srcPaths: [source], dst: local, dstPath: target, resume };

      const cut = await fixture.open(proxy.port);
      proxy.cutAfter = { direction, bytes: (direction === 'up' ? proxy.relayed.up : proxy.relayed.down) + SIZE / 2 };
      const first = await whileWatching(target, () => runTransfer(spec(cut.session, false), new TransferControl()));
      proxy.cutAfter = undefined;
      cut.dispose();
      expect(AppError.is(first.error, 'CONNECTION_LOST')).toBe(true);
      expect(first.partialSightings).toBe(0);
      expect(existsSync(target)).toBe(false);
      const partial = partialPathFor(local, target);
      await pollUntil(() => existsSync(partial) && statSync(partial).size > 0, { message: 'the partial file to hold what arrived' });
      const partialBytes = statSync(partial).size;

      const again = await fixture.open();
      try {
        const second = await whileWatching(target, () => runTransfer(spec(again.session, true), new TransferControl()));
        expect(second.error).toBeUndefined();
        expect(second.partialSightings).toBe(0);
        expect(second.value!.bytesResumed).toBeGreaterThan(0);
        // Continued from near the cut: the tail check sends again only pieces that differ (holes
        // of writes in flight at the cut), not a blind 16 MiB.
        expect(partialBytes - second.value!.bytesResumed).toBeLessThan(4 * 1024 * 1024);
        expect(await sha256File(target)).toBe(digest);
        expect(existsSync(partial)).toBe(false);
      } finally {
        again.dispose();
      }
    });
  }

  it('reports a missing source with its path and a code, and leaves nothing behind', async () => {
    const { session, dispose } = await fixture.open();
    const into = join(dir.path, 'missing-into');
    mkdirSync(into);
    try {
      const missing = join(dir.path, 'no such file.bin');
      const error = await firstError(runTransfer({ src: session, srcPaths: [missing], dst: local, dstPath: into }, new TransferControl()));
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('SFTP_NO_SUCH_FILE');
      expect((error as AppError).message).toContain(missing);
      const nowhere = join(dir.path, 'no/such/dir/copy.bin');
      const upError = await firstError(runTransfer({ src: local, srcPaths: [source], dst: session, dstPath: nowhere }, new TransferControl()));
      expect((upError as AppError).code).toBe('SFTP_NO_SUCH_FILE');
      expect((upError as AppError).message).toContain('no/such/dir');
      expect(readdirSync(into)).toEqual([]);
    } finally {
      dispose();
    }
  });

  it('cancels a running job from the queue and removes its partial file', async () => {
    const { session, dispose } = await fixture.open();
    const queue = new TransferQueue(1);
    try {
      const into = join(dir.path, 'cancelled');
      mkdirSync(into);
      const job = queue.add({ src: session, srcPaths: [source], dst: local, dstPath: into });
      const paused = queue.add({ src: session, srcPaths: [source], dst: local, dstPath: join(into, 'second.bin') });
      queue.pause(paused.id);
      await pollUntil(() => (queue.status(job.id)?.progress?.bytesDone ?? 0) > 0, { message: 'bytes to flow' });
      queue.cancel(job.id);
      expect((await job.done).state).toBe('cancelled');
      expect(queue.status(paused.id)?.state).toBe('paused');
      expect(readdirSync(into)).toEqual([]);
      queue.resume(paused.id);
      expect((await paused.done).state).toBe('done');
      expect(readdirSync(into)).toEqual(['second.bin']);
      expect(await sha256File(join(into, 'second.bin'))).toBe(digest);
    } finally {
      queue.dispose();
      dispose();
    }
  });
});

describe('a server that refuses writes', () => {
  let readOnly: SftpFixture;
  beforeAll(async () => {
    readOnly = await startSftpFixture({ extraConfig: ['Subsystem sftp internal-sftp -R'] });
  }, 60_000);
  afterAll(async () => readOnly?.dispose());

  it('gives SFTP_PERMISSION_DENIED with the path and leaves nothing behind', async () => {
    const { session, dispose } = await readOnly.open();
    try {
      const into = join(dir.path, 'read-only-target');
      mkdirSync(into);
      const error = await firstError(runTransfer({ src: local, srcPaths: [source], dst: session, dstPath: into }, new TransferControl()));
      expect((error as AppError).code).toBe('SFTP_PERMISSION_DENIED');
      expect((error as AppError).message).toContain(join(into, '.source.bin.jgpart'));
      expect(readdirSync(into)).toEqual([]);
      const mkdirError = await session.mkdir(join(into, 'sub')).catch((e: unknown) => e);
      expect((mkdirError as AppError).code).toBe('SFTP_PERMISSION_DENIED');
    } finally {
      dispose();
    }
  });
});
