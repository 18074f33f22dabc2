import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppRpc, createAppRpc } from '../../../../main/rpc/app-rpc';
import type { TrustConfirmation, TrustedConfirmer } from '../../../../main/prompts/trusted-confirmer';
import { trustChangesOfProfile, trustChangesOfTunnel } from '../../../../main/ssh/config/trust-moving-options';
import { confBackend } from '../../../../main/storage/store-backend';
import { makeTempDir, type TempDir } from '../../../helpers/temp-dir';

/** Stands in for main's native dialog: answers as told and keeps what it was asked. */
function scriptedConfirmer(answer: boolean): TrustedConfirmer & { asked: TrustConfirmation[]; answer: boolean } {
  const confirmer = {
    asked: [] as TrustConfirmation[],
    answer,
    confirm: async (request: TrustConfirmation) => (confirmer.asked.push(request), confirmer.answer),
  };
  return confirmer;
}

let dir: TempDir | undefined;
let core: AppRpc | undefined;
afterEach(() => {
  core?.dispose();
  dir?.dispose();
  core = dir = undefined;
});

function start(confirmer?: TrustedConfirmer): (method: string, input: unknown) => ReturnType<AppRpc['router']['dispatch']> {
  dir = makeTempDir('trust');
  core = createAppRpc({
    dataDir: dir.path,
    transport: 'web',
    backend: confBackend(),
    versions: { node: process.versions.node },
    autoStartTunnels: false,
    confirmer,
  });
  return (method, input) => core!.router.dispatch(method, input, { isTrustedSender: true, transport: 'direct' });
}

const evil = { name: 'Box', destination: 'box.example.com', options: { ProxyCommand: 'sh -c "cp ~/.ssh/id_ed25519 /tmp/x"; nc %h %p' } };

describe('saving settings that run code or move trust', () => {
  it('browser mode (no confirmer): a ProxyCommand is refused with CONFIRMATION_REQUIRED pointing to ~/.ssh/config, and nothing is saved', async () => {
    const call = start();
    const saved = await call('profiles.save', evil);
    expect(saved).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED', message: expect.stringContaining('~/.ssh/config') } });
    expect(await call('profiles.list', {})).toEqual({ ok: true, value: [] });
    // What moves no trust is saved as before.
    expect(await call('profiles.save', { name: 'Plain', destination: 'box.example.com', options: { Compression: 'yes' } })).toMatchObject({ ok: true });
  });

  it('in the app: main asks; a refusal saves nothing, a yes saves, and saving it again unchanged does not ask again', async () => {
    const confirmer = scriptedConfirmer(false);
    const call = start(confirmer);
    expect(await call('profiles.save', evil)).toMatchObject({ ok: false, error: { code: 'PROMPT_CANCELLED' } });
    expect(confirmer.asked[0]).toMatchObject({ detail: expect.stringContaining('ProxyCommand sh -c') });
    expect(await call('profiles.list', {})).toEqual({ ok: true, value: [] });
    confirmer.answer = true;
    const saved = await call('profiles.save', evil);
    expect(saved).toMatchObject({ ok: true });
    const id = (saved as { value: { id: string } }).value.id;
    expect(await call('profiles.save', { ...evil, id, name: 'Renamed' })).toMatchObject({ ok: true });
    expect(confirmer.asked).toHaveLength(2);
    // A changed command is a new decision.
    confirmer.answer = false;
    expect(await call('profiles.save', { ...evil, id, options: { proxycommand: 'nc evil %p' } })).toMatchObject({
      ok: false,
      error: { code: 'PROMPT_CANCELLED' },
    });
    expect(confirmer.asked).toHaveLength(3);
  });

  it('a profile on disk from before keeps its ProxyCommand and is edited without a question (legacy data)', async () => {
    dir = makeTempDir('trust-legacy');
    const legacy = {
      id: 'legacyProfile1',
      name: 'Old',
      destination: 'box',
      identityFiles: [],
      forwardAgent: false,
      options: { ProxyCommand: 'nc %h %p' },
      env: {},
      autoReconnect: false,
      recordSessions: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    writeFileSync(join(dir.path, 'profiles.json'), JSON.stringify({ schemaVersion: 1, profiles: [legacy] }));
    core = createAppRpc({ dataDir: dir.path, transport: 'web', backend: confBackend(), versions: { node: process.versions.node }, autoStartTunnels: false });
    const call = (method: string, input: unknown) => core!.router.dispatch(method, input, { isTrustedSender: true, transport: 'direct' });
    expect(await call('profiles.list', {})).toMatchObject({ ok: true, value: [{ id: 'legacyProfile1', options: { ProxyCommand: 'nc %h %p' } }] });
    const { createdAt: _c, updatedAt: _u, ...draft } = legacy;
    expect(await call('profiles.save', { ...draft, name: 'Old, renamed' })).toMatchObject({ ok: true });
  });

  it('tunnels: a ProxyCommand or a config file in the connection needs the confirmation too', async () => {
    const call = start();
    const tunnel = {
      name: 'db',
      connection: { spec: { destination: 'box', options: { proxycommand: 'nc %h %p' } } },
      forwards: [{ kind: 'local', bindPort: 15432, target: { host: 'localhost', port: 5432 } }],
    };
    expect(await call('tunnels.save', { tunnel })).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } });
    expect(await call('tunnels.save', { tunnel: { ...tunnel, connection: { spec: { destination: 'box', configFile: '/tmp/evil_config' } } } })).toMatchObject({
      ok: false,
      error: { code: 'CONFIRMATION_REQUIRED' },
    });
    expect(await call('tunnels.list', {})).toEqual({ ok: true, value: [] });
  });
});

describe('which settings move trust', () => {
  it('ProxyCommand, JumpgateProxy, known_hosts files, IdentityAgent and agent forwarding, however the key is spelled; "none" moves nothing', () => {
    const names = (options: Record<string, string>, forwardAgent = false) =>
      trustChangesOfProfile({ options, forwardAgent }, undefined).map((change) => change.name);
    expect(names({ PROXYCOMMAND: 'x' })).toEqual(['ProxyCommand']);
    expect(names({ 'ProxyCommand=x': '' })).toEqual(['ProxyCommand']);
    expect(
      names({ jumpgateproxy: 'socks5://h:1080', UserKnownHostsFile: '/dev/null', globalknownhostsfile: '/tmp/k', IdentityAgent: '/tmp/agent.sock' }),
    ).toEqual(['JumpgateProxy', 'UserKnownHostsFile', 'GlobalKnownHostsFile', 'IdentityAgent']);
    expect(names({ ForwardAgent: 'yes' })).toEqual(['ForwardAgent']);
    expect(names({}, true)).toEqual(['Forward agent']);
    expect(names({ ProxyCommand: 'none', IdentityAgent: 'none', ForwardAgent: 'no', Compression: 'yes', HostKeyAlias: 'x' })).toEqual([]);
    expect(names({ UserKnownHostsFile: 'none' })).toEqual(['UserKnownHostsFile']);
  });

  it('only what is added or changed counts; removing such a setting needs no question', () => {
    expect(trustChangesOfProfile({ options: { ProxyCommand: 'a' } }, { options: { proxycommand: 'a' } })).toEqual([]);
    expect(trustChangesOfProfile({ options: {} }, { options: { ProxyCommand: 'a' } })).toEqual([]);
    expect(trustChangesOfTunnel({ options: {}, configFile: '/x' }, { options: {}, configFile: '/x' })).toEqual([]);
    // A saved host is a connection spec too: its config file is asked about like a tunnel's.
    expect(trustChangesOfProfile({ options: {}, configFile: '/evil' }, { options: {} })).toMatchObject([{ name: 'Config file', value: '/evil' }]);
    expect(trustChangesOfTunnel({ options: {}, configFile: '/y' }, { options: {}, configFile: '/x' })).toHaveLength(1);
  });
});
