import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalFileSystem } from '../../../../../main/sftp/protocol/local-file-system';
import { makeTempDir } from '../../../../helpers/temp-dir';

const dir = makeTempDir('hash-follower');
afterAll(() => dir.dispose());

describe('LocalFileSystem.followSha256', () => {
  it('hashes a file told in steps how far it is complete, the same as hashing it whole', async () => {
    const data = randomBytes(20 * 1024 * 1024 + 7);
    const path = join(dir.path, 'growing.bin');
    writeFileSync(path, data);
    const follower = new LocalFileSystem().followSha256(path);
    follower.advance(9 * 1024 * 1024);
    follower.advance(18 * 1024 * 1024);
    expect(await follower.finish(data.length)).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('hashes only the first `size` bytes at the finish', async () => {
    const data = randomBytes(3 * 1024 * 1024);
    const path = join(dir.path, 'longer.bin');
    writeFileSync(path, data);
    const follower = new LocalFileSystem().followSha256(path);
    expect(await follower.finish(1024 * 1024)).toBe(
      createHash('sha256')
        .update(data.subarray(0, 1024 * 1024))
        .digest('hex'),
    );
  });
});
