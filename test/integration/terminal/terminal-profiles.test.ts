import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../fixtures/fake-server';
import { getTestKeys } from '../../fixtures/keys';
import type { SshEnv } from '../../fixtures/ssh-env';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { type CoreEvent, type CoreStand, startCoreStand } from '../../helpers/core-stand';
import { pollUntil } from '../../helpers/poll-until';
import { refusingConfirmer, type TrustConfirmation, type TrustedConfirmer } from '../../../main/prompts/trusted-confirmer';

let stand: CoreStand;
let sshd: SshdHandle;
let env: SshEnv;
let events: CoreEvent[];
/** Stands in for main's native dialog; undefined answers as the browser bridge does (refuses). */
const dialog: { answer: boolean | undefined; asked: TrustConfirmation[] } = { answer: undefined, asked: [] };
const confirmer: TrustedConfirmer = {
  confirm: async (request) => {
    dialog.asked.push(request);
    return dialog.answer === undefined ? refusingConfirmer.confirm(request) : dialog.answer;
  },
};

beforeAll(async () => {
  stand = await startCoreStand({ sshd: { extraConfig: ['AcceptEnv JUMPGATE_*'] }, trustServer: true, confirmer });
  ({ sshd, env, events } = stand);
});
afterAll(() => stand?.dispose());

const call = (method: string, input: unknown) => stand.call(method, input);
const of = (name: string, sessionId: string) => stand.of(name, sessionId);
const output = (sessionId: string) =>
  of('terminal.data', sessionId)
    .map((d) => d.data)
    .join('');

async function saveProfile(fields: Record<string, unknown>): Promise<string> {
  const saved = await call('profiles.save', { name: 'Box', destination: '127.0.0.1', port: sshd.port, user: 'root', ...fields });
  expect(saved).toMatchObject({ ok: true });
  return (saved as { value: { id: string } }).value.id;
}

async function open(target: unknown): Promise<string> {
  const opened = await call('terminal.open', { target, cols: 80, rows: 24 });
  expect(opened).toMatchObject({ ok: true });
  return (opened as { value: { sessionId: string } }).value.sessionId;
}

describe('terminals of saved connections', () => {
  it('sends the profile environment and types its startup command once the shell starts', async () => {
    const profileId = await saveProfile({ env: { JUMPGATE_GREETING: 'hello from the profile' }, startupCommand: 'echo "start:$JUMPGATE_GREETING:$((2+3))"' });
    const sessionId = await open({ profileId });
    await pollUntil(() => output(sessionId).includes('start:hello from the profile:5'), { message: 'the startup command output' });
    await call('terminal.close', { sessionId });
  });

  it('a terminal or files session that connects marks its saved host used (profiles.list says when)', async () => {
    const lastUsed = async (profileId: string): Promise<string | undefined> => {
      const listed = (await call('profiles.list', {})) as { value: Array<{ id: string; lastUsedAt?: string }> };
      return listed.value.find((profile) => profile.id === profileId)?.lastUsedAt;
    };
    const profileId = await saveProfile({ name: 'Used box' });
    expect(await lastUsed(profileId)).toBeUndefined();
    const sessionId = await open({ profileId });
    const first = await pollUntil(() => lastUsed(profileId), { message: 'marked used by a terminal' });
    await call('terminal.close', { sessionId });
    const opened = (await call('files.open', { target: { profileId } })) as { ok: true; value: { filesId: string } };
    await pollUntil(async () => ((await lastUsed(profileId)) ?? '') > first || undefined, { message: 'marked used again by a files session' });
    await call('files.close', { filesId: opened.value.filesId });
  });

  it('a profile that records sessions starts recording as soon as it connects', async () => {
    const profileId = await saveProfile({ recordSessions: true });
    const sessionId = await open({ profileId });
    const recording = await pollUntil(() => of('terminal.recording', sessionId).find((r) => typeof r.file === 'string'), { message: 'recording' });
    expect(String(recording.file)).toMatch(/\.cast$/);
    await call('terminal.close', { sessionId });
    expect(existsSync(String(recording.file))).toBe(true);
  });

  it('closing a tab while its host-key question is open withdraws the question and ends the attempt', async () => {
    // Another name for the same server's key: not known under that name, so main asks.
    const profileId = await saveProfile({ options: { hostkeyalias: 'renamed-box' } });
    const sessionId = await open({ profileId });
    const question = await pollUntil(() => events.find((e) => e.name === 'prompts.request' && (e.payload.request as { host: string }).host === 'renamed-box'), {
      message: 'the host-key question',
    });
    expect(await call('terminal.close', { sessionId })).toMatchObject({ ok: true });
    await pollUntil(() => events.some((e) => e.name === 'prompts.closed' && e.payload.promptId === question.payload.promptId), {
      message: 'the question withdrawn',
    });
    expect(await call('prompts.answer', { promptId: question.payload.promptId, answer: 'accept-save' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const closed = of('terminal.state', sessionId).filter((s) => s.state === 'closed');
    expect(closed).toHaveLength(1);
  });

  it('a profile with auto-reconnect comes back by itself after the server returns; cancelling stops the retries', async () => {
    const profileId = await saveProfile({ autoReconnect: true });
    const sessionId = await open({ profileId });
    await pollUntil(() => of('terminal.state', sessionId).some((s) => s.state === 'connected'), { message: 'connected' });
    await sshd.stop();
    const dropped = await pollUntil(() => of('terminal.state', sessionId).find((s) => s.state === 'closed'), { message: 'closed' });
    expect(dropped).toMatchObject({ error: { code: 'CONNECTION_LOST' }, reconnectInMs: expect.any(Number) });
    await sshd.restart();
    await pollUntil(() => of('terminal.state', sessionId).filter((s) => s.state === 'connected').length === 2, {
      message: 'connected again by itself',
      timeoutMs: 60_000,
    });
    await call('terminal.write', { sessionId, data: 'echo "auto-$((40+2))"\r' });
    await pollUntil(() => output(sessionId).includes('auto-42'), { message: 'output after the automatic reconnect' });

    await sshd.stop();
    await pollUntil(() => of('terminal.state', sessionId).filter((s) => s.state === 'closed').length === 2, { message: 'closed again' });
    expect(await call('terminal.cancelReconnect', { sessionId })).toMatchObject({ ok: true });
    const last = of('terminal.state', sessionId).at(-1);
    expect(last).toMatchObject({ state: 'closed', error: { code: 'CONNECTION_LOST' } });
    expect(last).not.toHaveProperty('reconnectInMs');
    await sshd.restart();
    // By hand it still comes back.
    expect(await call('terminal.reconnect', { sessionId })).toMatchObject({ ok: true });
    await pollUntil(() => of('terminal.state', sessionId).filter((s) => s.state === 'connected').length === 3, { message: 'reconnected by hand' });
    await call('terminal.close', { sessionId });
  });

  it('a shell that exits is not reconnected, even with auto-reconnect on', async () => {
    const profileId = await saveProfile({ autoReconnect: true });
    const sessionId = await open({ profileId });
    await pollUntil(() => of('terminal.state', sessionId).some((s) => s.state === 'connected'), { message: 'connected' });
    await call('terminal.write', { sessionId, data: 'exit 3\r' });
    const closed = await pollUntil(() => of('terminal.state', sessionId).find((s) => s.state === 'closed'), { message: 'closed' });
    expect(closed).toMatchObject({ exit: { code: 3 } });
    expect(closed).not.toHaveProperty('reconnectInMs');
  });

  it('a password kept in the vault is used next time without asking, and is not on disk in clear', async () => {
    const server = await startFakeServer({ username: 'deploy', password: 'correct horse battery', freshHostKey: true });
    try {
      env.addKnownHosts([server.knownHostsLine()]);
      expect(await call('vault.setup', { passphrase: 'a long vault passphrase' })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
      const destination = `deploy@127.0.0.1:${server.port}`;
      const first = await open({ destination });
      const question = await pollUntil(
        () => events.find((e) => e.name === 'prompts.request' && (e.payload.request as { kind: string; hop: string }).hop === destination),
        {
          message: 'the password question',
        },
      );
      expect(question.payload.request).toMatchObject({ kind: 'password', canSave: true });
      expect(await call('prompts.answer', { promptId: question.payload.promptId, answer: 'correct horse battery', save: true })).toMatchObject({ ok: true });
      await pollUntil(() => of('terminal.state', first).some((s) => s.state === 'connected'), { message: 'connected' });
      await call('terminal.close', { sessionId: first });
      expect(readFileSync(join(env.home, 'data', 'vault.json'), 'utf8')).not.toContain('correct horse');

      const asked = events.filter((e) => e.name === 'prompts.request').length;
      const second = await open({ destination });
      await pollUntil(() => of('terminal.state', second).some((s) => s.state === 'connected'), { message: 'connected with the kept password' });
      expect(events.filter((e) => e.name === 'prompts.request')).toHaveLength(asked);
      await call('terminal.close', { sessionId: second });

      // Locked, it is not used; keeping is offered with the vault's state, for the question to unlock it in place.
      await call('vault.lock', {});
      const third = await open({ destination });
      const again = await pollUntil(() => events.filter((e) => e.name === 'prompts.request')[asked], { message: 'asked again while locked' });
      expect(again.payload.request).toMatchObject({ kind: 'password', canSave: true, vaultState: 'locked' });
      await call('terminal.close', { sessionId: third });
    } finally {
      await server.close();
    }
  });

  it('a kept password is not sent to a server that shows another host key: the person is asked, and told why', async () => {
    const real = await startFakeServer({ username: 'deploy', password: 'kept for the real one', freshHostKey: true });
    const port = real.port;
    const realFingerprint = real.hostKey.fingerprint;
    let impostor: Awaited<ReturnType<typeof startFakeServer>> | undefined;
    try {
      env.addKnownHosts([real.knownHostsLine()]);
      const vault = await call('vault.status', {});
      const passphrase = 'a long vault passphrase';
      expect(
        await call((vault as { value: { state: string } }).value.state === 'uninitialized' ? 'vault.setup' : 'vault.unlock', { passphrase }),
      ).toMatchObject({ ok: true });
      const destination = `deploy@127.0.0.1:${port}`;
      const asked = () => events.filter((e) => e.name === 'prompts.request' && (e.payload.request as { hop: string }).hop === destination);
      const before = asked().length;
      const first = await open({ destination });
      const question = await pollUntil(() => asked()[before], { message: 'the password question' });
      expect(question.payload.request).toMatchObject({ kind: 'password', hostKeyFingerprint: realFingerprint });
      await call('prompts.answer', { promptId: question.payload.promptId, answer: 'kept for the real one', save: true });
      await pollUntil(() => of('terminal.state', first).some((s) => s.state === 'connected'), { message: 'connected' });
      await call('terminal.close', { sessionId: first });
      await real.close();

      // Same address, another key, reached under a name known_hosts has nothing for (as through a
      // hostile jump host), and a window that accepts any key: the kept password stays home.
      impostor = await startFakeServer({ username: 'deploy', password: 'kept for the real one', freshHostKey: true, port });
      const profileId = await saveProfile({ destination: '127.0.0.1', port, user: 'deploy', options: { hostkeyalias: 'never-seen-before' } });
      const second = await open({ profileId });
      const hostKey = await pollUntil(
        () => events.find((e) => e.name === 'prompts.request' && (e.payload.request as { host: string }).host === 'never-seen-before'),
        { message: 'the host-key question' },
      );
      await call('prompts.answer', { promptId: hostKey.payload.promptId, answer: 'accept-once' });
      const again = await pollUntil(() => asked().find((e) => (e.payload.request as { kind: string }).kind === 'password' && e !== question), {
        message: 'asked for the password',
      });
      expect(again.payload.request).toMatchObject({ hostKeyFingerprint: impostor.hostKey.fingerprint, note: expect.stringContaining(realFingerprint) });
      expect(impostor.authAttempts('password')).toBe(0);
      await call('prompts.answer', { promptId: again.payload.promptId, answer: null });
      await call('terminal.close', { sessionId: second });
    } finally {
      await real.close().catch(() => undefined);
      await impostor?.close();
    }
  });

  it('after a changed host key, and only then, the old key can be removed; Reconnect then asks about the new one', async () => {
    const keys = await getTestKeys();
    const moved = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], freshHostKeys: true });
    try {
      env.addKnownHosts(moved.knownHostsLines());
      const destination = `root@127.0.0.1:${moved.port}`;
      const healthy = await open({ destination });
      await pollUntil(() => of('terminal.state', healthy).some((s) => s.state === 'connected'), { message: 'connected' });
      expect(await call('terminal.forgetHostKey', { sessionId: healthy })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
      await call('terminal.close', { sessionId: healthy });

      await moved.restart({ freshHostKeys: true });
      const sessionId = await open({ destination });
      const closed = await pollUntil(() => of('terminal.state', sessionId).find((s) => s.state === 'closed'), { message: 'refused' });
      expect(closed.error).toMatchObject({ code: 'HOST_KEY_CHANGED' });
      // Asked for by the renderer alone, nothing changes: the browser bridge refuses and says how
      // to do it by hand; in the app main's own dialog asks, and a No keeps the key.
      const before = readFileSync(env.knownHostsPath, 'utf8');
      const refused = await call('terminal.forgetHostKey', { sessionId });
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'CONFIRMATION_REQUIRED',
          message: expect.stringContaining(`remove the saved key of [127.0.0.1]:${moved.port} from ${env.knownHostsPath}`),
          hint: { kind: 'forget-host-key', host: `[127.0.0.1]:${moved.port}`, file: env.knownHostsPath },
        },
      });
      dialog.answer = false;
      expect(await call('terminal.forgetHostKey', { sessionId })).toMatchObject({ ok: false, error: { code: 'PROMPT_CANCELLED' } });
      expect(readFileSync(env.knownHostsPath, 'utf8')).toBe(before);
      expect(dialog.asked.at(-1)).toMatchObject({ message: expect.stringContaining(`[127.0.0.1]:${moved.port}`), detail: expect.stringContaining('SHA256:') });
      dialog.answer = true;
      const forgotten = await call('terminal.forgetHostKey', { sessionId });
      expect(forgotten).toMatchObject({ ok: true, value: { removed: 3, file: env.knownHostsPath } });
      expect(readFileSync(env.knownHostsPath, 'utf8')).not.toContain(`[127.0.0.1]:${moved.port}`);
      // The other hosts' lines stay.
      expect(readFileSync(env.knownHostsPath, 'utf8')).toContain(`[127.0.0.1]:${sshd.port}`);

      const asked = events.filter((e) => e.name === 'prompts.request').length;
      expect(await call('terminal.reconnect', { sessionId })).toMatchObject({ ok: true });
      const question = await pollUntil(() => events.filter((e) => e.name === 'prompts.request')[asked], { message: 'asked about the new key' });
      expect(question.payload.request).toMatchObject({
        kind: 'host-key',
        fingerprint: moved.hostKeys.find((key) => key.algorithm === 'ssh-ed25519')?.fingerprint,
      });
      await call('prompts.answer', { promptId: question.payload.promptId, answer: 'accept-save' });
      await pollUntil(() => of('terminal.state', sessionId).some((s) => s.state === 'connected'), { message: 'connected with the new key' });
      await call('terminal.close', { sessionId });
    } finally {
      await moved.dispose();
    }
  });
});
