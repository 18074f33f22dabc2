import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PromptBroker } from '../../../../../main/prompts/prompt-broker';
import { forgetChangedHostKey } from '../../../../../main/ssh/host-keys/forget-host-key';
import { HostKeyVerifier } from '../../../../../main/ssh/host-keys/host-key-verifier';
import { KnownHosts } from '../../../../../main/ssh/host-keys/known-hosts';
import { AppError } from '../../../../../shared/errors';
import { HopSpec, hopLabel } from '../../../../../shared/model';
import { freshEd25519Blob } from '../../../../helpers/host-key-blob';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const blob = freshEd25519Blob;

/** A known_hosts holding `saved` for the hop, and a verifier for it that checks against that file. */
function setup(saved: Buffer) {
  const dir = mkdtempSync(join(os.tmpdir(), 'forget-key-'));
  dirs.push(dir);
  const file = join(dir, 'known_hosts');
  writeFileSync(file, `[db.example]:2222 ssh-ed25519 ${saved.toString('base64')}\n`);
  const spec = HopSpec.parse({ alias: 'db', host: 'db.example', port: 2222, user: 'u', strictHostKeyChecking: 'yes', userKnownHostsFiles: [file] });
  const broker = new PromptBroker((async () => 'reject') as never);
  const verifier = new HostKeyVerifier(spec, hopLabel(spec), new KnownHosts({ userFiles: [file] }), broker);
  const verify = (key: Buffer) => new Promise<boolean>((resolve) => verifier.verify(key, resolve));
  return { spec, verifier, verify, file };
}

const yes = { confirm: async () => true };

describe('forgetChangedHostKey', () => {
  it('removes the saved line when the first key exchange met another key than the saved one', async () => {
    const { spec, verifier, verify, file } = setup(blob());
    await expect(verify(blob())).resolves.toBe(false);
    expect(verifier.failure?.code).toBe('HOST_KEY_CHANGED');
    await expect(forgetChangedHostKey([spec], verifier.failure!, yes)).resolves.toMatchObject({ removed: 1, file });
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('refuses with state codes: a failure that is not a changed key, a hop that left the connection', async () => {
    const { spec, verifier, verify } = setup(blob());
    await expect(verify(blob())).resolves.toBe(false);
    await expect(forgetChangedHostKey([spec], new AppError('AUTH_FAILED', 'x', { hop: hopLabel(spec) }), yes)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(forgetChangedHostKey([], verifier.failure!, yes)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a changed key carries a hint to forget it, naming the host and the file that holds the old one', async () => {
    const { verifier, verify, file } = setup(blob());
    await expect(verify(blob())).resolves.toBe(false);
    expect(verifier.failure?.hint).toEqual({ kind: 'forget-host-key', host: '[db.example]:2222', file });
    expect(verifier.failure?.message).not.toMatch(/ssh-keygen|-R/);
  });

  it('never removes the genuine saved key when the key changed at a rekey, after the saved one was verified', async () => {
    const genuine = blob();
    const { spec, verifier, verify, file } = setup(genuine);
    await expect(verify(genuine)).resolves.toBe(true);
    await expect(verify(blob())).resolves.toBe(false);
    expect(verifier.failure).toMatchObject({ code: 'HOST_KEY_CHANGED', message: expect.stringMatching(/during a rekey/) });
    await expect(forgetChangedHostKey([spec], verifier.failure!, yes)).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(/not removed/),
    });
    expect(readFileSync(file, 'utf8')).toContain(genuine.toString('base64'));
  });
});
