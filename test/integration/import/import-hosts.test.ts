import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestKeys } from '../../fixtures/keys';
import { startSshd, type SshdHandle } from '../../fixtures/sshd';
import { type CoreStand, startCoreStand } from '../../helpers/core-stand';
import { pollUntil } from '../../helpers/poll-until';

let stand: CoreStand;
let a: SshdHandle;
let b: SshdHandle;

/**
 * The target takes no forwarding; a may open a channel only to b, b only to the target: the chain
 * is the only way. Each server takes a key of its own (a: RSA, b: ECDSA, the target: the default
 * Ed25519), so each hop must bring its own key file.
 */
beforeAll(async () => {
  stand = await startCoreStand({ sshd: { extraConfig: ['AllowTcpForwarding no'] }, trustServer: true });
  const keys = await getTestKeys();
  b = await startSshd({ authorizedKeys: [keys.ecdsa.publicKey], extraConfig: [`PermitOpen 127.0.0.1:${stand.sshd.port}`] });
  a = await startSshd({ authorizedKeys: [keys.rsa.publicKey], extraConfig: [`PermitOpen 127.0.0.1:${b.port}`] });
  stand.env.addKnownHosts([...a.knownHostsLines(), ...b.knownHostsLines()]);
  copyFileSync(keys.rsa.path, join(stand.env.sshDir, 'a_key'));
  copyFileSync(keys.ecdsa.path, join(stand.env.sshDir, 'b_key'));
  mkdirSync(join(stand.env.sshDir, 'hosts.d'), { mode: 0o700 });
  writeFileSync(
    join(stand.env.sshDir, 'hosts.d', 'jumps.conf'),
    `Host a\n    HostName 127.0.0.1\n    Port ${a.port}\n    IdentityFile ~/.ssh/a_key\nHost b\n    HostName 127.0.0.1\n    Port ${b.port}\n    IdentityFile ~/.ssh/b_key\n`,
    { mode: 0o600 },
  );
  stand.env.writeConfig(`Include hosts.d/*.conf\nHost target\n    HostName 127.0.0.1\n    Port ${stand.sshd.port}\n    ProxyJump a,b\nHost *\n    User root\n`);
}, 120_000);
afterAll(async () => {
  await Promise.all([a, b].map((server) => server?.dispose()));
  await stand?.dispose();
});

async function value<T>(method: string, input: unknown): Promise<T> {
  const answer = (await stand.call(method, input)) as { ok: boolean; value?: T; error?: unknown };
  expect(answer, JSON.stringify(answer.error)).toMatchObject({ ok: true });
  return answer.value!;
}

interface Action {
  key: string;
  action: string;
  profileId?: string;
  summary: string;
}

describe('importing hosts from ~/.ssh/config through the contract', () => {
  it('lists the concrete hosts, imports ProxyJump a,b as a chain of saved hosts, and connects through it without the config', async () => {
    const listed = await value<{ hosts: { key: string; host: string; port?: number; jump: string[] }[] }>('hosts.configHosts', {});
    expect(listed.hosts.map((host) => [host.key, host.port, host.jump])).toEqual([
      ['a', a.port, []],
      ['b', b.port, []],
      ['target', stand.sshd.port, ['a', 'b']],
    ]);

    const preview = await value<{ actions: Action[] }>('hosts.importPreview', { source: 'ssh-config' });
    expect(preview.actions.map((action) => [action.key, action.action])).toEqual([
      ['a', 'create'],
      ['b', 'create'],
      ['target', 'create'],
    ]);
    expect(preview.actions[2]!.summary).toBe(`root@127.0.0.1:${stand.sshd.port} via a, b`);
    expect(await value<unknown[]>('profiles.list', {})).toEqual([]);

    const imported = await value<{ actions: Action[]; profiles: { id: string; name: string; port?: number; identityFiles: string[]; jump?: unknown }[] }>(
      'hosts.import',
      { source: 'ssh-config', keys: ['target'] },
    );
    expect(imported.profiles.map((profile) => profile.name)).toEqual(['a', 'b', 'target']);
    const [savedA, savedB, target] = imported.profiles as [(typeof imported.profiles)[0], (typeof imported.profiles)[0], (typeof imported.profiles)[0]];
    // Each jump host is a saved host with its own port and key; the target names them by id.
    expect(savedA).toMatchObject({ port: a.port, identityFiles: [join(stand.env.sshDir, 'a_key')], jump: undefined });
    expect(savedB).toMatchObject({ port: b.port, identityFiles: [join(stand.env.sshDir, 'b_key')], jump: undefined });
    expect(target).toMatchObject({ identityFiles: [], jump: [{ profileId: savedA.id }, { profileId: savedB.id }] });

    // The saved hosts stand on their own: with the config emptied they still reach the target through a and b.
    stand.env.writeConfig('');
    // Listed once, the config is watched: its change reaches the windows.
    await pollUntil(() => stand.events.some((event) => event.name === 'hosts.configChanged'), { message: 'the config change is reported' });
    const mark = b.readLog().length;
    const opened = await value<{ sessionId: string }>('terminal.open', { target: { profileId: target.id }, cols: 80, rows: 24 });
    const output = () =>
      stand
        .of('terminal.data', opened.sessionId)
        .map((event) => event.data)
        .join('');
    await pollUntil(() => stand.of('terminal.state', opened.sessionId).some((state) => state.state !== 'connecting'), { message: 'the connection settles' });
    expect(stand.of('terminal.state', opened.sessionId).at(-1)).toMatchObject({ state: 'connected' });
    await value('terminal.write', { sessionId: opened.sessionId, data: 'echo "via:$SSH_CONNECTION:end"\n' });
    await pollUntil(() => new RegExp(`via:127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${stand.sshd.port}:end`).test(output()), {
      message: 'the target shell answers',
    });
    await b.waitForLog(new RegExp(`server_request_direct_tcpip: originator .* target 127\\.0\\.0\\.1 port ${stand.sshd.port}$`, 'm'), { after: mark });
    await value('terminal.close', { sessionId: opened.sessionId });
  });

  it('importing again updates the same saved hosts instead of adding more, and exports one as a Host block', async () => {
    stand.env.writeConfig(
      `Include hosts.d/*.conf\nHost target\n    HostName 127.0.0.1\n    Port ${stand.sshd.port}\n    ProxyJump a,b\n    User nobody\nHost *\n    User root\n`,
    );
    const before = await value<{ id: string; name: string }[]>('profiles.list', {});
    const again = await value<{ actions: Action[] }>('hosts.import', { source: 'ssh-config', keys: ['target'] });
    expect(again.actions.map((action) => [action.key, action.action])).toEqual([
      ['a', 'unchanged'],
      ['b', 'unchanged'],
      ['target', 'update'],
    ]);
    const after = await value<{ id: string; user?: string }[]>('profiles.list', {});
    expect(after.map((profile) => profile.id)).toEqual(before.map((profile) => profile.id));
    expect(after[2]!.user).toBe('nobody');

    // Re-importing the whole file changes nothing more.
    const third = await value<{ actions: Action[] }>('hosts.importPreview', { source: 'ssh-config' });
    expect(third.actions.map((action) => action.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);

    const exported = await value<{ text: string }>('hosts.export', { id: after[2]!.id });
    expect(exported.text).toBe(
      `Host target\n    HostName 127.0.0.1\n    User nobody\n    Port ${stand.sshd.port}\n    ProxyJump root@127.0.0.1:${a.port},root@127.0.0.1:${b.port}\n`,
    );
  });

  it('previews another client’s file sent as text, and refuses one without text', async () => {
    const tabby = `profiles:\n  - type: ssh\n    name: Box\n    id: box\n    options: { host: 127.0.0.1, port: ${stand.sshd.port}, user: root, password: not-shown }\n`;
    const preview = await value<{ actions: (Action & { hasPassword: boolean; warnings: string[] })[] }>('hosts.importPreview', {
      source: 'tabby',
      text: tabby,
    });
    expect(preview.actions).toMatchObject([{ key: 'box', action: 'create', hasPassword: true }]);
    expect(JSON.stringify(preview)).not.toContain('not-shown');
    const locked = (await stand.call('hosts.import', { source: 'tabby', text: tabby, keys: ['box'], savePasswords: true })) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(locked).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    expect((await value<unknown[]>('profiles.list', {})).length).toBe(3);
    const missing = (await stand.call('hosts.importPreview', { source: 'putty' })) as { ok: boolean; error?: { code: string } };
    expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
