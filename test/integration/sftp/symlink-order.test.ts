import { existsSync, lstatSync, mkdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileSystem } from '../../../main/sftp/protocol/local-file-system';
import { SftpSession } from '../../../main/sftp/protocol/sftp-session';
import { TransferControl } from '../../../main/sftp/transfer/transfer-control';
import { runTransfer } from '../../../main/sftp/transfer/transfer-job';
import type { ConnectionLease } from '../../../main/ssh/connect/ssh-connector';
import { startFakeServer, type FakeServer } from '../../fixtures/fake-server';
import { getTestKeys } from '../../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../../fixtures/ssh-env';
import { hopFor, recordingConnector } from '../../helpers/ssh-client';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';

const SFTP_SERVER = '/usr/lib/openssh/sftp-server';

/**
 * OpenSSH's own sftp-server behind an SSH server that does not call itself OpenSSH (ssh2's, as
 * with Dropbear or tinysshd and a packaged sftp-server): ssh2 then sends the symlink request's
 * paths in the draft's order, which this sftp-server reads the other way round.
 */
let server: FakeServer;
let env: SshEnv;
let dir: TempDir;
let home: string;
let session: SftpSession;
let lease: ConnectionLease;
let dispose: () => void;

beforeAll(async () => {
  const keys = await getTestKeys();
  dir = makeTempDir('symlink-order');
  home = join(dir.path, 'home');
  mkdirSync(home);
  server = await startFakeServer({ username: 'root', publicKeys: [keys.ed25519.publicKey], sftpServer: { path: SFTP_SERVER, cwd: home } });
  env = makeSshEnv();
  const { connector } = recordingConnector();
  lease = await connector.connect([hopFor(server, env, { identityFiles: [keys.ed25519.path] })]);
  session = await SftpSession.open(lease.connection);
  dispose = () => {
    session.dispose();
    lease.dispose();
    connector.dispose();
  };
}, 60_000);
afterAll(async () => {
  dispose?.();
  await server?.close();
  env?.dispose();
  dir?.dispose();
});

describe('uploading links to OpenSSH sftp-server behind an SSH server with another name', () => {
  it('creates relative and absolute links where they belong, and none anywhere else', async () => {
    expect(server.events.find((e) => e.type === 'connection')).toBeDefined();
    const tree = join(dir.path, 'tree');
    mkdirSync(join(tree, 'data'), { recursive: true });
    writeFileSync(join(tree, 'data', 'file.txt'), 'data');
    writeFileSync(join(tree, 'top.txt'), 'top');
    const elsewhere = join(dir.path, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync('data/file.txt', join(tree, 'deep-link'));
    symlinkSync('top.txt', join(tree, 'near-link'));
    symlinkSync(join(elsewhere, 'absolute-target'), join(tree, 'absolute-link'));
    const into = join(dir.path, 'into');
    mkdirSync(into);

    const result = await runTransfer(
      { src: new LocalFileSystem(), srcPaths: [tree], dst: session, dstPath: into, recursive: true, verify: 'size' },
      new TransferControl(),
    );

    expect(result.errors).toEqual([]);
    expect(readlinkSync(join(into, 'tree', 'deep-link'))).toBe('data/file.txt');
    expect(readlinkSync(join(into, 'tree', 'near-link'))).toBe('top.txt');
    expect(readlinkSync(join(into, 'tree', 'absolute-link'))).toBe(join(elsewhere, 'absolute-target'));
    // Read the other way round, the requests would have made links at their targets.
    expect(existsSync(join(home, 'top.txt')) || lstatExists(join(home, 'top.txt'))).toBe(false);
    expect(lstatExists(join(elsewhere, 'absolute-target'))).toBe(false);
  });
});

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
