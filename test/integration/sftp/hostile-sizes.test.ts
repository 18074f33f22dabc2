import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ssh2, { type SFTPWrapper } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { SftpSession } from '../../../main/sftp/protocol/sftp-session';
import { TreeLimits } from '../../../main/sftp/protocol/tree-limits';
import { type ExecResult, type FakeServerOptions, startFakeServer } from '../../fixtures/fake-server';
import { getTestKeys } from '../../fixtures/keys';
import { makeSshEnv } from '../../fixtures/ssh-env';
import { hopFor, recordingConnector } from '../../helpers/ssh-client';
import { makeTempDir } from '../../helpers/temp-dir';
import { writeRandomFile } from './sftp-fixture';

const { STATUS_CODE } = ssh2.utils.sftp;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An SFTP session to an in-process server (what sshd cannot be made to answer). */
async function sessionTo(options: FakeServerOptions): Promise<SftpSession> {
  const keys = await getTestKeys();
  const server = await startFakeServer({ username: 'root', publicKeys: [keys.ed25519.publicKey], ...options });
  const env = makeSshEnv();
  const { connector } = recordingConnector();
  const lease = await connector.connect([hopFor(server, env, { identityFiles: [keys.ed25519.path] })]);
  const session = await SftpSession.open(lease.connection);
  cleanups.push(
    () => server.close(),
    () => env.dispose(),
    () => connector.dispose(),
    () => lease.dispose(),
    () => session.dispose(),
  );
  return session;
}

/** A server whose every directory lists entries without end (it gives up, with EOF, past `stopAfter`). */
function endlessListing(sftp: SFTPWrapper, stopAfter: number): void {
  let sent = 0;
  const attrs = { mode: 0o100644, uid: 0, gid: 0, size: 1, atime: 0, mtime: 0 };
  sftp.on('REALPATH', (id) => sftp.name(id, [{ filename: '/', longname: '/', attrs }]));
  sftp.on('OPENDIR', (id) => sftp.handle(id, Buffer.from('dir')));
  sftp.on('READDIR', (id) => {
    if (sent >= stopAfter) return sftp.status(id, STATUS_CODE.EOF);
    const names = Array.from({ length: 2500 }, () => ({ filename: `f${++sent}`, longname: `-rw-r--r-- 1 root root 1 Jan 1 00:00 f${sent}`, attrs }));
    sftp.name(id, names);
  });
  sftp.on('CLOSE', (id) => sftp.status(id, STATUS_CODE.OK));
}

describe('a server that lists without end', () => {
  it('stops a listing past the limit with SFTP_TOO_LARGE instead of gathering it all', async () => {
    const session = await sessionTo({ sftp: (sftp) => endlessListing(sftp, TreeLimits.entriesPerListing * 2) });
    const error = await session.list('/endless').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SFTP_TOO_LARGE' });
  });

  it('ends a listing at an empty batch (a server could send empty ones without end)', async () => {
    const session = await sessionTo({
      sftp: (sftp) => {
        const attrs = { mode: 0o100644, uid: 0, gid: 0, size: 1, atime: 0, mtime: 0 };
        sftp.on('REALPATH', (id) => sftp.name(id, [{ filename: '/', longname: '/', attrs }]));
        sftp.on('OPENDIR', (id) => sftp.handle(id, Buffer.from('dir')));
        let isFirst = true;
        sftp.on('READDIR', (id) => {
          sftp.name(id, isFirst ? [{ filename: 'only', longname: '-rw-r--r-- 1 root root 1 Jan 1 00:00 only', attrs }] : []);
          isFirst = false;
        });
        sftp.on('CLOSE', (id) => sftp.status(id, STATUS_CODE.OK));
      },
    });
    expect((await session.list('/empty-batches')).map((e) => e.name)).toEqual(['only']);
  });
});

describe("the hash command's answer", () => {
  /** OpenSSH's sftp-server for the files, and `exec` answering the hash command as a test says. */
  async function hashingServer(answer: ExecResult) {
    const dir = makeTempDir('hostile-hash');
    cleanups.push(() => dir.dispose());
    mkdirSync(join(dir.path, 'files'));
    const file = join(dir.path, 'files', 'data.bin');
    writeRandomFile(file, 1024);
    const session = await sessionTo({ sftpServer: { path: '/usr/lib/openssh/sftp-server', cwd: dir.path }, exec: () => answer });
    return { session, file };
  }

  it('fails the check when it is not a digest', async () => {
    const { session, file } = await hashingServer({ stdout: 'everything is fine\n' });
    await expect(session.sha256(file)).rejects.toMatchObject({ code: 'SFTP_VERIFY_FAILED' });
  });

  it('is read to a bound, and an answer without end fails the check', async () => {
    const { session, file } = await hashingServer({ stdout: Buffer.alloc(8 * 1024 * 1024, 'a') });
    await expect(session.sha256(file)).rejects.toMatchObject({ code: 'SFTP_VERIFY_FAILED' });
  });

  it('skips the check where nothing ran (an empty answer, as ForceCommand internal-sftp gives)', async () => {
    const { session, file } = await hashingServer({ stdout: '' });
    expect(await session.sha256(file)).toBeUndefined();
  });
});
