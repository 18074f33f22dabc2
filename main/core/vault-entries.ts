import os from 'node:os';
import path from 'node:path';
import type { ConnectionProfile } from '../../shared/model/profile';
import type { VaultEntry } from '../../shared/model/trust';
import { hostKeyNameOf } from '../prompts/vault-prompts';
import { secretNames } from '../storage/secret-names';

/**
 * What the vault's names mean, for the Vault page: which host a password is for, which key file a
 * passphrase opens, and the saved hosts each serves. Two namings meet here: the answers kept from
 * a question (`ssh-password:user@host:port`, `key-passphrase:<key file>`, see vault-prompts.ts)
 * and those saved by profile id (`profile/<id>/…`, `key/<digest>/…`, see secret-names.ts).
 */
export function describeVaultEntries(
  names: readonly string[],
  profiles: readonly ConnectionProfile[],
  readSecret: (name: string) => string | undefined,
): VaultEntry[] {
  const present = new Set(names);
  const entries: VaultEntry[] = [];
  for (const name of names) {
    if (name.endsWith('#host-key') && present.has(name.slice(0, -'#host-key'.length))) continue;
    entries.push(describe(name, profiles, present.has(hostKeyNameOf(name)) ? readSecret(hostKeyNameOf(name)) : undefined));
  }
  return entries;
}

function describe(name: string, profiles: readonly ConnectionProfile[], boundKey: string | undefined): VaultEntry {
  const hostsOf = (chosen: ConnectionProfile[]): VaultEntry['hosts'] => chosen.map((profile) => ({ id: profile.id, name: profile.name }));
  if (name.startsWith('ssh-password:')) {
    const hop = name.slice('ssh-password:'.length);
    return {
      id: name,
      kind: 'password',
      label: hop,
      hosts: hostsOf(profiles.filter((profile) => servesHop(profile, hop))),
      ...(boundKey !== undefined ? { hostKeyFingerprint: boundKey } : {}),
    };
  }
  if (name.startsWith('key-passphrase:')) {
    const keyFile = name.slice('key-passphrase:'.length);
    return { id: name, kind: 'key-passphrase', label: keyFile, hosts: hostsOf(profiles.filter((profile) => usesKey(profile, keyFile))) };
  }
  const byProfile = /^profile\/([^/]+)\/(password|kbd\/.+)$/.exec(name);
  if (byProfile) {
    const profile = profiles.find((candidate) => candidate.id === byProfile[1]);
    const isPassword = byProfile[2] === 'password';
    return {
      id: name,
      kind: isPassword ? 'password' : 'keyboard-interactive',
      label: profile ? `${isPassword ? 'Password' : 'An answer'} of ${profile.name}` : `${isPassword ? 'Password' : 'An answer'} of a removed host`,
      hosts: profile ? hostsOf([profile]) : [],
    };
  }
  if (/^key\/[0-9a-f]{32}\/passphrase$/.test(name)) {
    const opens = (file: string): boolean => secretNames.keyPassphrase(absolute(file)) === name;
    const users = profiles.filter((profile) => profile.identityFiles.some(opens));
    const file = users.flatMap((profile) => profile.identityFiles).find(opens);
    return { id: name, kind: 'key-passphrase', label: file ?? 'A key file no saved host names', hosts: hostsOf(users) };
  }
  return { id: name, kind: 'other', label: name, hosts: [] };
}

/** `user@host:port` (a hop's label) against a saved host's destination, port and user. */
function servesHop(profile: ConnectionProfile, hop: string): boolean {
  const match = /^(.*)@(\[[^\]]+\]|[^:]+):([0-9]+)$/.exec(hop);
  if (!match) return false;
  const [, user, host, port] = match;
  const bare = host!.replace(/^\[|\]$/g, '').toLowerCase();
  return profile.destination.toLowerCase() === bare && (profile.port ?? 22) === Number(port) && (profile.user === undefined || profile.user === user);
}

function usesKey(profile: ConnectionProfile, keyFile: string): boolean {
  return profile.identityFiles.some((file) => absolute(file) === absolute(keyFile));
}

function absolute(file: string): string {
  return path.resolve(file.replace(/^~(?=\/|$)/, os.homedir()));
}
