import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SSH2_WINDOW } from '../../../main/sftp/protocol/receive-window';
import { type LatencyRelay, startLatencyRelay } from '../../fixtures/latency-relay';
import { makeTempDir, type TempDir } from '../../helpers/temp-dir';
import { startSftpFixture, type SftpFixture, writeRandomFile } from './sftp-fixture';

let fixture: SftpFixture;
let relay: LatencyRelay;
let dir: TempDir;

beforeAll(async () => {
  fixture = await startSftpFixture();
  relay = await startLatencyRelay(fixture.server.port, 40);
  dir = makeTempDir('sftp-window');
}, 60_000);
afterAll(async () => {
  relay?.close();
  await fixture?.dispose();
  dir?.dispose();
});

/** Reads the first 64 chunks of `file` at once; the channel's window as ssh2 left it after. */
async function readAhead(session: Awaited<ReturnType<SftpFixture['open']>>['session'], file: string): Promise<number> {
  const handle = await session.openRead(file);
  const buffers = Array.from({ length: 64 }, () => Buffer.alloc(session.chunkSize));
  const counts = await Promise.all(buffers.map((buffer, i) => handle.read(buffer, buffer.length, i * session.chunkSize)));
  await handle.close();
  const read = Buffer.concat(buffers.map((b, i) => b.subarray(0, counts[i])));
  expect(read.equals(readFileSync(file).subarray(0, read.length))).toBe(true);
  return (session.sftp as unknown as { incoming: { window: number } }).incoming.window;
}

describe('the SFTP receive window', () => {
  it('lets the server send 16 MiB ahead over a 40 ms link, so a download is not held to 2 MiB per round trip', async () => {
    const file = join(dir.path, 'far.bin');
    writeRandomFile(file, 24 * 1024 * 1024);
    const far = await fixture.open(relay.port);
    try {
      expect(far.session.receiveWindow).toBe(16 * 1024 * 1024);
      // ssh2 alone tops up to 2 MiB once half is used; the widening keeps it within a quarter of 16 MiB.
      expect(await readAhead(far.session, file)).toBeGreaterThan(12 * 1024 * 1024);
    } finally {
      far.dispose();
    }
  }, 60_000);

  it("keeps ssh2's 2 MiB on loopback, where more only brings bursts", async () => {
    const file = join(dir.path, 'near.bin');
    writeRandomFile(file, 24 * 1024 * 1024);
    const near = await fixture.open();
    try {
      expect(near.session.receiveWindow).toBe(SSH2_WINDOW);
      expect(await readAhead(near.session, file)).toBeLessThanOrEqual(SSH2_WINDOW);
    } finally {
      near.dispose();
    }
  });
});
