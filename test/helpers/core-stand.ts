import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppCoreOptions } from '../../main/core/app-core';
import { type AppRpc, createAppRpc } from '../../main/rpc/app-rpc';
import type { TrustedConfirmer } from '../../main/prompts/trusted-confirmer';
import { confBackend } from '../../main/storage/store-backend';
import { getTestKeys } from '../fixtures/keys';
import { makeSshEnv, type SshEnv } from '../fixtures/ssh-env';
import { type SshdHandle, type SshdOptions, startSshd } from '../fixtures/sshd';

export interface CoreEvent {
  name: string;
  payload: Record<string, unknown>;
}

/** A real sshd that takes the test key, and a home whose default identity is that key. */
export interface SshStand {
  sshd: SshdHandle;
  env: SshEnv;
  dispose(): Promise<void>;
}

export interface CoreStand extends SshStand {
  core: AppRpc;
  /** Every event main emitted, in order. */
  events: CoreEvent[];
  /** A contract call as a trusted window makes it. */
  call(method: string, input: unknown): ReturnType<AppRpc['router']['dispatch']>;
  /** The payloads of one event for one session. */
  of(name: string, sessionId: string): Record<string, unknown>[];
  dispose(): Promise<void>;
}

/** `trustServer` puts the server's keys in known_hosts first. */
export async function startSshStand(options: { sshd?: Omit<SshdOptions, 'authorizedKeys'>; trustServer?: boolean } = {}): Promise<SshStand> {
  const keys = await getTestKeys();
  const sshd = await startSshd({ authorizedKeys: [keys.ed25519.publicKey], ...options.sshd });
  const env = makeSshEnv();
  if (options.trustServer === true) env.addKnownHosts(sshd.knownHostsLines());
  copyFileSync(keys.ed25519.path, join(env.sshDir, 'id_ed25519'));
  return {
    sshd,
    env,
    dispose: async () => {
      await sshd.dispose();
      env.dispose();
    },
  };
}

/** The app's main side as `npm run web` builds it, its data and environment in the test's home. */
export function createWebCore(env: SshEnv, options: Partial<AppCoreOptions> = {}): AppRpc {
  return createAppRpc({
    dataDir: join(env.home, 'data'),
    transport: 'web',
    backend: confBackend(),
    versions: { node: process.versions.node },
    env: env.env,
    ...options,
  });
}

/**
 * The app's main side against a real sshd, as the contract tests drive it: the test key is the
 * user's default identity; `trustServer` puts the server's keys in known_hosts first.
 */
export async function startCoreStand(
  options: { sshd?: Omit<SshdOptions, 'authorizedKeys'>; trustServer?: boolean; confirmer?: TrustedConfirmer; core?: Partial<AppCoreOptions> } = {},
): Promise<CoreStand> {
  const ssh = await startSshStand(options);
  const core = createWebCore(ssh.env, { confirmer: options.confirmer, ...options.core });
  const events: CoreEvent[] = [];
  core.hub.connect((name, payload) => events.push({ name, payload: payload as Record<string, unknown> }));
  return {
    ...ssh,
    core,
    events,
    call: (method, input) => core.router.dispatch(method, input, { isTrustedSender: true, transport: 'direct' }),
    of: (name, sessionId) => events.filter((e) => e.name === name && e.payload.sessionId === sessionId).map((e) => e.payload),
    dispose: async () => {
      core.dispose();
      await ssh.dispose();
    },
  };
}
