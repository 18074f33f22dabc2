import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PromptBroker } from '../../../../../main/prompts/prompt-broker';
import { HostKeyVerifier } from '../../../../../main/ssh/host-keys/host-key-verifier';
import { KnownHosts } from '../../../../../main/ssh/host-keys/known-hosts';
import { AppError } from '../../../../../shared/errors';
import { HopSpec } from '../../../../../shared/model';
import { freshEd25519Blob } from '../../../../helpers/host-key-blob';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const blob = freshEd25519Blob;

function setup(strict: 'yes' | 'no' | 'ask' | 'accept-new', knownHosts = '') {
  const dir = mkdtempSync(join(os.tmpdir(), 'verifier-'));
  dirs.push(dir);
  const file = join(dir, 'known_hosts');
  writeFileSync(file, knownHosts);
  const spec = HopSpec.parse({ alias: 'db', host: 'db.example', port: 2222, user: 'u', strictHostKeyChecking: strict, userKnownHostsFiles: [file] });
  const asked: unknown[] = [];
  const broker = new PromptBroker((async (request: unknown) => {
    asked.push(request);
    return 'accept-once';
  }) as never);
  const verifier = new HostKeyVerifier(spec, 'u@db.example:2222', new KnownHosts({ userFiles: [file] }), broker);
  const verify = (key: Buffer) => new Promise<boolean>((resolve) => expect(verifier.verify(key, resolve)).toBeUndefined());
  return { verifier, verify, file, asked };
}

describe('HostKeyVerifier', () => {
  it('never returns a value to ssh2 (a returned Promise would count as "accepted")', async () => {
    const { verify } = setup('accept-new');
    await expect(verify(blob())).resolves.toBe(true);
  });

  it('pins the first key: the same key on a rekey passes, a different one is refused as CHANGED', async () => {
    const { verifier, verify } = setup('accept-new');
    const first = blob();
    expect(await verify(first)).toBe(true);
    expect(await verify(first)).toBe(true);
    expect(await verify(blob())).toBe(false);
    expect(AppError.is(verifier.failure, 'HOST_KEY_CHANGED')).toBe(true);
    expect(verifier.failure?.message).toMatch(/during a rekey/);
  });

  it('checks under [host]:port and asks with the fingerprint when the policy is ask', async () => {
    const { verify, asked, file } = setup('ask');
    expect(await verify(blob())).toBe(true);
    expect(asked).toEqual([
      expect.objectContaining({ kind: 'host-key', host: 'db.example', port: 2222, fingerprint: expect.stringMatching(/^SHA256:[A-Za-z0-9+/]{43}$/) }),
    ]);
    // "accept once" leaves the file alone.
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('StrictHostKeyChecking=no still refuses a changed key', async () => {
    const known = blob();
    const { verifier, verify } = setup('no', `[db.example]:2222 ssh-ed25519 ${known.toString('base64')}\n`);
    expect(await verify(blob())).toBe(false);
    expect(verifier.failure?.code).toBe('HOST_KEY_CHANGED');
    expect(verifier.failure?.message).toContain('line 1');
  });
});
