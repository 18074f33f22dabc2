import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../../helpers/cli';
import { pollUntil } from '../../helpers/poll-until';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { sha256File, startSftpFixture, writeRandomFile, type SftpFixture } from './sftp-fixture';
import { type CuttingProxy, startCuttingProxy } from '../../fixtures/cutting-proxy';

const SIZE = 32 * 1024 * 1024;
let fixture: SftpFixture;
let relay: CuttingProxy;
let dir: TempDir;

beforeAll(async () => {
  fixture = await startSftpFixture();
  relay = await startCuttingProxy(fixture.server.port);
  dir = makeTempDir('cp-interrupt');
}, 60_000);
afterAll(async () => {
  await relay?.close();
  await fixture?.dispose();
  dir?.dispose();
});

/** Runs `jumpgate cp`, sends it SIGINT once `isReady` holds, and collects how it ended. */
async function interruptedCp(args: string[], isReady: () => boolean): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'cp', ...args], { env: fixture.env.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    await pollUntil(isReady, { timeoutMs: 20_000, message: 'the copy to be under way' });
    child.kill('SIGINT');
    return { status: await exited, stderr };
  } finally {
    child.kill('SIGKILL');
  }
}

describe('Ctrl+C in jumpgate cp', () => {
  it('leaves nothing at the destination name, keeps the written part, and --resume continues from it', async () => {
    const source = join(dir.path, 'source.bin');
    const digest = writeRandomFile(source, SIZE);
    const target = join(dir.path, 'copy.bin');
    const partial = join(dir.path, '.copy.bin.jgpart');
    const key = ['-i', fixture.keys.ed25519.path];
    // The server goes silent halfway: the copy cannot finish before the interrupt, whatever the machine's speed.
    relay.stallAfter = { direction: 'down', bytes: SIZE / 2 };
    const first = await interruptedCp(
      [...key, '-P', String(relay.port), '-o', 'StrictHostKeyChecking=accept-new', `root@127.0.0.1:${source}`, target],
      () => relay.isStalled && existsSync(partial),
    );
    expect(first.status).toBe(130);
    expect(first.stderr).toContain('(SFTP_CANCELLED)');
    expect(first.stderr).toContain('run the same command with --resume');
    expect(existsSync(target)).toBe(false);
    const kept = statSync(partial).size;
    expect(kept).toBeGreaterThan(0);

    const second = await runCli(['cp', '-v', '--resume', ...key, '-P', String(fixture.server.port), `root@127.0.0.1:${source}`, target], {
      env: fixture.env.env,
    });
    expect(second.status).toBe(0);
    const resumedFrom = Number(/\((\d+) of them kept/.exec(second.stderr)?.[1]);
    // The partial file was cut back to what was written, so almost all of it counts: at most
    // one piece of the tail check (about 1 MiB) is sent again, not the 16 MiB of a blind back-off.
    expect(resumedFrom).toBeGreaterThan(0);
    expect(kept - resumedFrom).toBeLessThan(1024 * 1024);
    expect(await sha256File(target)).toBe(digest);
    expect(existsSync(partial)).toBe(false);
  });
});

describe('a copy on several connections, killed', () => {
  // Three workers write three blocks of ~21 MiB at once. The partial file is sparse (its size is
  // the furthest write), so the test waits for 52 MiB really written, however unevenly the
  // workers went on a loaded machine: the first block's hole then lies far behind the end.
  const size = 256 * 1024 * 1024;

  for (const direction of ['down', 'up'] as const) {
    it(`resumes identical with --resume, whatever the holes (${direction})`, async () => {
      const source = join(dir.path, `killed-${direction}.bin`);
      const digest = writeRandomFile(source, size);
      const target = join(dir.path, `killed-${direction}-copy.bin`);
      const partial = join(dir.path, `.killed-${direction}-copy.bin.jgpart`);
      const ends = direction === 'down' ? [`root@127.0.0.1:${source}`, target] : [source, `root@127.0.0.1:${target}`];
      const args = ['-v', '-i', fixture.keys.ed25519.path, '-P', String(fixture.server.port)];
      const child = spawn(process.execPath, [CLI, 'cp', '--connections=3', ...args, ...ends], { env: fixture.env.env, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('close', resolve));
      try {
        await pollUntil(() => existsSync(partial) && statSync(partial).blocks * 512 > 52 * 1024 * 1024, {
          timeoutMs: 60_000,
          intervalMs: 5,
          message: 'the workers to be far apart',
        });
      } finally {
        child.kill('SIGKILL');
      }
      await exited;
      // What this is about: a partial file whose first hole lies further back than 16 MiB from its end.
      const firstHole = firstDifference(source, partial);
      expect(statSync(partial).size - firstHole).toBeGreaterThan(16 * 1024 * 1024);

      // The same command again with --resume: the holes go out in blocks on the three connections.
      const resumed = await runCli(['cp', '--resume', '--connections=3', ...args, ...ends], { env: fixture.env.env, timeoutMs: 120_000 });
      expect(resumed.stderr).toContain('3 transfer workers connected');
      expect(resumed.stderr).not.toContain('SFTP_VERIFY_FAILED');
      expect(resumed.status).toBe(0);
      // Kept: what the record vouches for, and the pieces of the rest that match the source.
      expect(Number(/\((\d+) of them kept/.exec(resumed.stderr)?.[1])).toBeGreaterThan(16 * 1024 * 1024);
      expect(await sha256File(target)).toBe(digest);
      // Nothing left beside it: no partial file, no record of its ranges.
      expect(readdirSync(dir.path).filter((name) => name.startsWith(`.killed-${direction}`))).toEqual([]);
    }, 180_000);
  }
});

/** The offset of the first MiB of `copy` that differs from `source` (or `copy` ends). */
function firstDifference(source: string, copy: string): number {
  const piece = 1024 * 1024;
  const [a, b] = [openSync(source, 'r'), openSync(copy, 'r')];
  try {
    const [x, y] = [Buffer.alloc(piece), Buffer.alloc(piece)];
    for (let at = 0; ; at += piece) {
      const n = readSync(b, y, 0, piece, at);
      readSync(a, x, 0, piece, at);
      if (n < piece || !x.equals(y)) return at;
    }
  } finally {
    closeSync(a);
    closeSync(b);
  }
}
