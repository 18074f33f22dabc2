import { chmodSync, mkdirSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileSystem } from '../../../main/sftp/protocol/local-file-system';
import { TransferControl } from '../../../main/sftp/transfer/transfer-control';
import { runTransfer } from '../../../main/sftp/transfer/transfer-job';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { sha256File, startSftpFixture, writeRandomFile, type SftpFixture } from './sftp-fixture';
import { describeTree } from './tree-compare';

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
      const up = await runTransfer({ src: local, srcPaths: [source], dst: session, dstPath: join(dir.path, 'remote') }, new TransferControl(), (p) =>
        progress.push(p.bytesDone),
      );
      expect(up).toMatchObject({ filesCopied: 1, bytes: 64 * 1024 * 1024, errors: [] });
      expect(await sha256File(join(dir.path, 'remote', 'big.bin'))).toBe(digest);
      expect(progress.at(-1)).toBe(64 * 1024 * 1024);

      const down = await runTransfer(
        { src: session, srcPaths: [join(dir.path, 'remote', 'big.bin')], dst: local, dstPath: join(dir.path, 'back', 'copy.bin') },
        new TransferControl(),
      );
      expect(down.errors).toEqual([]);
      expect(await sha256File(join(dir.path, 'back', 'copy.bin'))).toBe(digest);
      expect(readdirSync(join(dir.path, 'back'))).toEqual(['copy.bin']);
      expect(readdirSync(join(dir.path, 'remote'))).toEqual(['big.bin']);
    } finally {
      dispose();
    }
  });

  it('copies a tree with unicode, spaces, empty directories and symlinks both ways, with -p keeping modes and mtimes', async () => {
    const tree = join(dir.path, 'tree');
    mkdirSync(join(tree, 'ünïcødé dir/深い/empty'), { recursive: true });
    mkdirSync(join(tree, 'also empty'));
    writeFileSync(join(tree, 'a file with spaces.txt'), 'spaces\n');
    writeFileSync(join(tree, 'ünïcødé dir/日本語.txt'), 'nihongo\n');
    writeFileSync(join(tree, 'ünïcødé dir/深い/run.sh'), '#!/bin/sh\n');
    writeFileSync(join(tree, 'secret'), 'mode 600\n');
    writeFileSync(join(tree, 'zero bytes'), '');
    chmodSync(join(tree, 'ünïcødé dir/深い/run.sh'), 0o755);
    chmodSync(join(tree, 'secret'), 0o600);
    chmodSync(join(tree, 'also empty'), 0o750);
    symlinkSync('a file with spaces.txt', join(tree, 'link to file'));
    symlinkSync('ünïcødé dir', join(tree, 'link to dir'));
    symlinkSync('/nowhere/at/all', join(tree, 'dangling'));
    for (const [i, path] of ['secret', 'a file with spaces.txt', 'ünïcødé dir/日本語.txt', 'ünïcødé dir/深い/run.sh'].entries()) {
      utimesSync(join(tree, path), 1_600_000_000 + i, 1_500_000_000 + i * 1000);
    }
    utimesSync(join(tree, 'also empty'), 1_600_000_000, 1_400_000_000);
    const expected = describeTree(tree, { withMeta: true });

    const { session, dispose } = await fixture.open();
    try {
      const up = join(dir.path, 'tree-up');
      const upResult = await runTransfer({ src: local, srcPaths: [tree], dst: session, dstPath: up, recursive: true, preserve: true }, new TransferControl());
      expect(upResult.errors).toEqual([]);
      expect(describeTree(up, { withMeta: true })).toEqual(expected);

      const down = join(dir.path, 'tree-down');
      mkdirSync(down);
      const downResult = await runTransfer({ src: session, srcPaths: [up], dst: local, dstPath: down, recursive: true, preserve: true }, new TransferControl());
      expect(downResult.errors).toEqual([]);
      // A server's link that points outside the copy is not recreated here, and is reported.
      expect(downResult.skippedLinks).toEqual([{ path: join(up, 'dangling'), target: '/nowhere/at/all' }]);
      const { dangling: _, ...inside } = expected;
      // Into an existing directory: the tree lands under its own name, as with cp -r.
      expect(describeTree(join(down, 'tree-up'), { withMeta: true })).toEqual(inside);
      expect(downResult.filesCopied).toBe(7);
    } finally {
      dispose();
    }
  });

  it('copies a tree of 600 small files in 3 levels of directories both ways, identical, many files in flight', async () => {
    const tree = join(dir.path, 'many');
    for (let d = 0; d < 12; d++) {
      const sub = join(tree, `level-${d % 3}`, `dir ${d}`, d % 2 ? 'deeper' : '');
      mkdirSync(sub, { recursive: true });
      for (let f = 0; f < 50; f++) writeRandomFile(join(sub, `file-${f}.bin`), 1 + (((d * 50 + f) * 7919) % 20_000));
    }
    const expected = describeTree(tree);
    const { session, dispose } = await fixture.open();
    try {
      const up = join(dir.path, 'many-up');
      const upResult = await runTransfer({ src: local, srcPaths: [tree], dst: session, dstPath: up, recursive: true }, new TransferControl());
      expect(upResult.errors).toEqual([]);
      expect(upResult.filesCopied).toBe(600);
      expect(describeTree(up)).toEqual(expected);
      const down = join(dir.path, 'many-down');
      const downResult = await runTransfer({ src: session, srcPaths: [up], dst: local, dstPath: down, recursive: true }, new TransferControl());
      expect(downResult.errors).toEqual([]);
      expect(describeTree(down)).toEqual(expected);
    } finally {
      dispose();
    }
  });

  it('follows symlinks by option, copying what they point to, and refuses a loop instead of hanging', async () => {
    const tree = join(dir.path, 'loopy');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    writeFileSync(join(tree, 'sub/file'), 'x');
    symlinkSync('..', join(tree, 'sub/up'));
    symlinkSync('sub/file', join(tree, 'file-link'));
    const { session, dispose } = await fixture.open();
    try {
      const target = join(dir.path, 'loopy-down');
      const result = await runTransfer(
        { src: session, srcPaths: [tree], dst: local, dstPath: target, recursive: true, followLinks: true },
        new TransferControl(),
      );
      expect(describeTree(target)).toEqual({
        'file-link': { type: 'file', sha256: expect.any(String) },
        sub: { type: 'directory' },
        'sub/file': { type: 'file', sha256: expect.any(String) },
      });
      expect(result.errors.map((e) => e.code)).toEqual(['SFTP_UNSUPPORTED']);
      expect(result.errors[0]!.message).toContain('loop');
    } finally {
      dispose();
    }
  });
});
