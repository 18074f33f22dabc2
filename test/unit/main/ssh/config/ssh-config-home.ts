import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../../shared/errors';
import type { HopSpec } from '../../../../../shared/model';
import { type ResolveOptions, resolveHops } from '../../../../../main/ssh/config/ssh-config';
import { makeTempDir } from '../../../../helpers/temp-dir';

/** A home directory of its own for a test, with no system config unless the test writes one. */
export interface FakeHome {
  readonly home: string;
  /** Writes `text` at `relative` (under the home), owner-only like OpenSSH wants; returns the full path. */
  write(relative: string, text: string, mode?: number): string;
  /** resolveHops with this home, local user 'tester', SSH_AUTH_SOCK=/run/agent.sock, system file <home>/etc/ssh_config. */
  resolve(options: ResolveOptions): Promise<HopSpec[]>;
  dispose(): void;
}

export function makeFakeHome(): FakeHome {
  const dir = makeTempDir('ssh-config');
  const home = dir.path;
  return {
    home,
    write(relative, text, mode = 0o600) {
      const file = path.join(home, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      chmodSync(file, mode);
      return file;
    },
    resolve(options) {
      return resolveHops({
        homeDir: home,
        localUser: 'tester',
        env: { SSH_AUTH_SOCK: '/run/agent.sock' },
        systemConfigFile: path.join(home, 'etc', 'ssh_config'),
        ...options,
      });
    },
    dispose: () => dir.dispose(),
  };
}

/** The AppError a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the promise to reject');
}

/** `user@host:port` of each hop, to compare chains at a glance. */
export function route(hops: HopSpec[]): string[] {
  return hops.map((hop) => `${hop.user}@${hop.host}:${hop.port}`);
}
