import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../../helpers/cli';
import { pollUntil } from '../../helpers/poll-until';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { sha256File, startSftpFixture, writeRandomFile, type SftpFixture } from './sftp-fixture';

let fixture: SftpFixture;
let dir: TempDir;
const session = `jumpgate-cp-tty-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });

beforeAll(async () => {
  fixture = await startSftpFixture();
  dir = makeTempDir('cp-tty');
}, 60_000);
afterAll(async () => {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    // already gone
  }
  await fixture?.dispose();
  dir?.dispose();
});

describe('jumpgate cp in a real terminal (tmux)', () => {
  it('draws a progress line with percent, bytes, rate, ETA and files', async () => {
    const source = join(dir.path, 'shown.bin');
    const digest = writeRandomFile(source, 8 * 1024 * 1024);
    const target = join(dir.path, 'shown-copy.bin');
    const done = join(dir.path, 'done');
    const command = `env HOME=${fixture.env.home} ${process.execPath} ${CLI} cp -i ${fixture.keys.ed25519.path} -P ${fixture.server.port} ${source} root@127.0.0.1:${target}; touch ${done}; sleep 30`;
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '10', command);
    await pollUntil(() => existsSync(done), { timeoutMs: 20_000, message: 'cp to finish' });
    const screen = tmux('capture-pane', '-p', '-t', session);
    expect(screen).toMatch(/\[#{10,}\] 100%  8\.0 MiB\/8\.0 MiB  [\d.]+ (K|M)iB\/s  ETA \S+  1\/1 files/);
    expect(await sha256File(target)).toBe(digest);
  });
});
