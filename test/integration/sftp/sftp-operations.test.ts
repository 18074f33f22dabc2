import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { countTree, mkdirp, readSmallFile, removeTree, writeSmallFile } from '../../../main/sftp/protocol/fs-operations';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { LocalFileSystem } from '../../../main/sftp/protocol/local-file-system';
import { startSftpFixture, writeRandomFile, type SftpFixture } from './sftp-fixture';

let fixture: SftpFixture;
let dir: TempDir;
let connection: Awaited<ReturnType<SftpFixture['open']>>;

beforeAll(async () => {
  fixture = await startSftpFixture();
  dir = makeTempDir('sftp-ops');
  connection = await fixture.open();
}, 60_000);
afterAll(async () => {
  connection?.dispose();
  await fixture?.dispose();
  dir?.dispose();
});

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (AppError.is(error) ? error.code : String(error)),
  );

describe('SFTP file operations against sshd', () => {
  it('lists with size, mode, owner, mtime and link targets; stat, lstat, realpath, readlink', async () => {
    const { session } = connection;
    const root = join(dir.path, 'listing');
    mkdirSync(join(root, 'sub'), { recursive: true });
    writeFileSync(join(root, 'twelve bytes'), 'twelve bytes', { mode: 0o640 });
    symlinkSync('twelve bytes', join(root, 'link'));
    const entries = await session.list(root);
    const byName = Object.fromEntries(entries.map((e) => [e.name, e]));
    expect(Object.keys(byName).sort()).toEqual(['link', 'sub', 'twelve bytes']);
    expect(byName['twelve bytes']).toMatchObject({
      type: 'file',
      size: 12,
      mode: 0o640,
      owner: 'root',
      group: 'root',
      mtime: Math.floor(statSync(join(root, 'twelve bytes')).mtimeMs / 1000),
    });
    expect(byName.link).toMatchObject({ type: 'symlink', linkTarget: 'twelve bytes' });
    expect(byName.sub!.type).toBe('directory');
    expect((await session.stat(join(root, 'link'))).type).toBe('file');
    expect((await session.lstat(join(root, 'link'))).type).toBe('symlink');
    expect(await session.readlink(join(root, 'link'))).toBe('twelve bytes');
    expect(await session.realpath(join(root, 'sub/..'))).toBe(root);
  });

  it('creates with mkdir -p, renames over an existing file atomically, changes mode and times, makes links', async () => {
    const { session } = connection;
    const root = join(dir.path, 'changes');
    await mkdirp(session, join(root, 'a/b/c'));
    expect(statSync(join(root, 'a/b/c')).isDirectory()).toBe(true);
    await mkdirp(session, join(root, 'a/b/c'));
    expect(await codeOf(session.mkdir(join(root, 'a')))).toBe('SFTP_ALREADY_EXISTS');

    writeFileSync(join(root, 'old'), 'old');
    writeFileSync(join(root, 'new'), 'new');
    expect(session.extensions['posix-rename@openssh.com']).toBeDefined();
    await session.rename(join(root, 'new'), join(root, 'old'));
    expect(readFileSync(join(root, 'old'), 'utf8')).toBe('new');
    expect(existsSync(join(root, 'new'))).toBe(false);

    await session.chmod(join(root, 'old'), 0o604);
    expect(statSync(join(root, 'old')).mode & 0o7777).toBe(0o604);
    await session.utimes(join(root, 'old'), 1_000_000_000, 1_200_000_000);
    expect(Math.floor(statSync(join(root, 'old')).mtimeMs / 1000)).toBe(1_200_000_000);
    await session.chown(join(root, 'old'), 1, 1);
    expect(statSync(join(root, 'old')).uid).toBe(1);

    await session.symlink('old', join(root, 'to-old'));
    expect(lstatSync(join(root, 'to-old')).isSymbolicLink()).toBe(true);
    const space = await session.statvfs(root);
    expect(space!.totalBytes).toBeGreaterThan(0);
  });

  it('counts a tree before removing it recursively; rmdir refuses a non-empty directory with a code', async () => {
    const { session } = connection;
    const root = join(dir.path, 'doomed');
    mkdirSync(join(root, 'x/y'), { recursive: true });
    writeFileSync(join(root, 'x/one'), '1');
    writeFileSync(join(root, 'x/y/two'), '22');
    symlinkSync('/etc', join(root, 'x/etc-link'));
    expect(await codeOf(session.rmdir(root))).toBe('SFTP_NOT_EMPTY');
    expect(await countTree(session, root)).toEqual({ files: 3, directories: 3, bytes: 3 + 4 });
    await removeTree(session, root);
    expect(existsSync(root)).toBe(false);
    // The link went, not what it pointed to.
    expect(existsSync('/etc/passwd')).toBe(true);
  });

  it('reads and writes small files for an editor, replacing atomically and keeping the mode', async () => {
    const { session } = connection;
    const path = join(dir.path, 'notes.txt');
    writeFileSync(path, 'first', { mode: 0o600 });
    expect((await readSmallFile(session, path)).toString()).toBe('first');
    await writeSmallFile(session, path, Buffer.from('second version'));
    expect(readFileSync(path, 'utf8')).toBe('second version');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await codeOf(readSmallFile(session, path, 4))).toBe('INVALID_ARGUMENT');
  });

  it('hashes a file on the server and here alike (for the check after a copy)', async () => {
    const path = join(dir.path, 'hashed.bin');
    const digest = writeRandomFile(path, 5 * 1024 * 1024 + 3);
    expect(await connection.session.sha256(path)).toBe(digest);
    expect(await new LocalFileSystem().sha256(path)).toBe(digest);
    expect(await codeOf(new LocalFileSystem().sha256(join(dir.path, 'absent')))).toBe('SFTP_NO_SUCH_FILE');
  });

  it('names the path and gives a code for each failure', async () => {
    const { session } = connection;
    const missing = join(dir.path, 'missing', 'file');
    const error = (await session.stat(missing).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('SFTP_NO_SUCH_FILE');
    expect(error.message).toContain(missing);
    expect(error.hop).toBe(session.where);
    expect(await codeOf(session.list(missing))).toBe('SFTP_NO_SUCH_FILE');
    expect(await codeOf(session.unlink(missing))).toBe('SFTP_NO_SUCH_FILE');
    expect(await codeOf(session.openRead(missing))).toBe('SFTP_NO_SUCH_FILE');
  });
});
