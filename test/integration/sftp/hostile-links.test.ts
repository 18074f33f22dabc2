import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileSystem } from '../../../main/sftp/protocol/local-file-system';
import { TransferControl } from '../../../main/sftp/transfer/transfer-control';
import { runTransfer, type TransferSpec } from '../../../main/sftp/transfer/transfer-job';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { startSftpFixture, type SftpFixture } from './sftp-fixture';

/**
 * sshd serves real folders prepared here, so a "hostile listing" is a folder on disk: links
 * named like a copy's temporary files, pointing at a file that stands for ~/.bashrc.
 */
let fixture: SftpFixture;
let session: Awaited<ReturnType<SftpFixture['open']>>;
let dir: TempDir;
let count = 0;
const local = new LocalFileSystem();
const VICTIM_TEXT = 'export PATH=/usr/bin\n';

beforeAll(async () => {
  fixture = await startSftpFixture();
  session = await fixture.open();
  dir = makeTempDir('hostile-links');
}, 60_000);
afterAll(async () => {
  session?.dispose();
  await fixture?.dispose();
  dir?.dispose();
});

/** A fresh case folder with a victim file (mode 0600) outside everything that is copied. */
function makeCase(): { root: string; victim: string } {
  const root = join(dir.path, `case-${++count}`);
  mkdirSync(root);
  const victim = join(root, 'bashrc');
  writeFileSync(victim, VICTIM_TEXT);
  chmodSync(victim, 0o600);
  return { root, victim };
}

function expectUntouched(victim: string): void {
  expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
  expect(statSync(victim).mode & 0o7777).toBe(0o600);
}

function copy(spec: Omit<TransferSpec, 'verify'>) {
  return runTransfer({ verify: 'size', ...spec }, new TransferControl());
}

describe('a download never writes through a link (a server listing one, or one left earlier)', () => {
  it('refuses a listed entry named like a temporary file, writes the file beside it and leaves the link target untouched, with -p', async () => {
    const { root, victim } = makeCase();
    const served = join(root, 'served');
    mkdirSync(served);
    writeFileSync(join(served, 'x'), 'from the server');
    chmodSync(join(served, 'x'), 0o755);
    symlinkSync(victim, join(served, '.x.jgpart'));
    mkdirSync(join(root, 'into'));

    const result = await copy({ src: session.session, srcPaths: [served], dst: local, dstPath: join(root, 'into'), recursive: true, preserve: true });

    expectUntouched(victim);
    expect(result.errors.map((e) => [e.code, e.details?.name])).toEqual([['SFTP_UNSAFE_NAME', '.x.jgpart']]);
    expect(readFileSync(join(root, 'into', 'served', 'x'), 'utf8')).toBe('from the server');
    expect(statSync(join(root, 'into', 'served', 'x')).mode & 0o7777).toBe(0o755);
    expect(existsSync(join(root, 'into', 'served', '.x.jgpart'))).toBe(false);
  });

  it('removes a link left at the temporary name by an earlier download instead of following it (also with resume)', async () => {
    const { root, victim } = makeCase();
    writeFileSync(join(root, 'x'), 'from the server');
    chmodSync(join(root, 'x'), 0o4755);
    const into = join(root, 'into');
    mkdirSync(into);
    for (const resume of [false, true]) {
      symlinkSync(victim, join(into, '.x.jgpart'));
      const result = await copy({ src: session.session, srcPaths: [join(root, 'x')], dst: local, dstPath: into, preserve: true, resume });
      expect(result.errors).toEqual([]);
      expectUntouched(victim);
      expect(readFileSync(join(into, 'x'), 'utf8')).toBe('from the server');
      // A server's set-user-ID bit is not kept here (as OpenSSH's sftp does not keep it).
      expect(statSync(join(into, 'x')).mode & 0o7777).toBe(0o755);
    }
  });

  it('does not enter a link that stands where the tree has a directory', async () => {
    const { root } = makeCase();
    const served = join(root, 'served');
    mkdirSync(join(served, 'd'), { recursive: true });
    writeFileSync(join(served, 'd', 'authorized_keys'), 'ssh-ed25519 AAAA attacker');
    const outside = join(root, 'dot-ssh');
    mkdirSync(outside);
    mkdirSync(join(root, 'into', 'served'), { recursive: true });
    symlinkSync(outside, join(root, 'into', 'served', 'd'));

    const error = await copy({ src: session.session, srcPaths: [served], dst: local, dstPath: join(root, 'into'), recursive: true }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'SFTP_UNSAFE_NAME' });
    expect(existsSync(join(outside, 'authorized_keys'))).toBe(false);
  });

  it('recreates a link that points outside only when asked to (unsafeLinks), and keeps links inside the tree', async () => {
    const { root, victim } = makeCase();
    const served = join(root, 'served');
    mkdirSync(join(served, 'sub'), { recursive: true });
    writeFileSync(join(served, 'file'), 'f');
    symlinkSync('../file', join(served, 'sub', 'up-one'));
    symlinkSync('../../bashrc', join(served, 'sub', 'climbs-out'));
    symlinkSync(victim, join(served, 'absolute'));
    for (const unsafeLinks of [false, true]) {
      const into = join(root, `into-${unsafeLinks}`);
      mkdirSync(into);
      const result = await copy({ src: session.session, srcPaths: [served], dst: local, dstPath: into, recursive: true, unsafeLinks });
      expect(result.errors).toEqual([]);
      expect(readlinkSync(join(into, 'served', 'sub', 'up-one'))).toBe('../file');
      expect(result.skippedLinks.map((l) => l.target).sort()).toEqual(unsafeLinks ? [] : ['../../bashrc', victim]);
      expect(existsSync(join(into, 'served', 'absolute'))).toBe(unsafeLinks);
      if (unsafeLinks) expect(lstatSync(join(into, 'served', 'sub', 'climbs-out')).isSymbolicLink()).toBe(true);
    }
    expectUntouched(victim);
  });
});

describe('an upload creates its temporary file exclusively on the server', () => {
  it('removes a link at the temporary name instead of writing through it', async () => {
    const { root, victim } = makeCase();
    const source = join(root, 'x');
    writeFileSync(source, 'from here');
    const into = join(root, 'into');
    mkdirSync(into);
    symlinkSync(victim, join(into, '.x.jgpart'));

    const result = await copy({ src: local, srcPaths: [source], dst: session.session, dstPath: into, preserve: true });

    expect(result.errors).toEqual([]);
    expectUntouched(victim);
    expect(readFileSync(join(into, 'x'), 'utf8')).toBe('from here');
  });

  it('refuses to resume into a temporary name that is a link', async () => {
    const { root, victim } = makeCase();
    const into = join(root, 'into');
    mkdirSync(into);
    symlinkSync(victim, join(into, '.x.jgpart'));
    const error = await session.session.openWrite(join(into, '.x.jgpart'), { create: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SFTP_UNSAFE_NAME' });
    expectUntouched(victim);
  });
});
