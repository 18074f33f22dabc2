import { AppError } from '../../shared/errors';
import type { JumpRoute } from '../../shared/model/connection-spec';
import type { ConnectionProfile } from '../../shared/model/profile';
import { destinationText } from './import-plan';

/**
 * A saved host as a `Host` block for ~/.ssh/config: quoted where OpenSSH would split or cut the
 * value, `%` doubled in key paths, so that reading it back gives the same settings.
 */
export function hostBlock(profile: ConnectionProfile, findProfile: (id: string) => ConnectionProfile | undefined = () => undefined): string {
  const lines: [string, string][] = [['HostName', profile.destination]];
  if (profile.user) lines.push(['User', profile.user]);
  if (profile.port) lines.push(['Port', String(profile.port)]);
  for (const file of profile.identityFiles) lines.push(['IdentityFile', file.replaceAll('%', '%%')]);
  const proxyJump = proxyJumpOf(profile.jump, findProfile, new Set([profile.id]));
  if (proxyJump) lines.push(['ProxyJump', proxyJump]);
  if (profile.forwardAgent) lines.push(['ForwardAgent', 'yes']);
  if (profile.strictHostKeyChecking) lines.push(['StrictHostKeyChecking', profile.strictHostKeyChecking]);
  for (const [key, value] of Object.entries(profile.options)) lines.push([key, value]);
  for (const [key, value] of lines) {
    if (/[\r\n\0]/.test(key + value) || !/^[A-Za-z]+$/.test(key)) {
      throw new AppError('INVALID_ARGUMENT', `${profile.name} cannot be written as a Host block: its ${key} setting spans lines or has an unusual name.`);
    }
  }
  return [`Host ${hostAlias(profile)}`, ...lines.map(([key, value]) => `    ${key} ${key === 'ProxyJump' ? value : quoted(value)}`), ''].join('\n');
}

/** The Host pattern: the alias it was imported from, else its name with what a pattern cannot hold replaced. */
export function hostAlias(profile: ConnectionProfile): string {
  if (profile.source?.kind === 'ssh-config' && /^[A-Za-z0-9._-]+$/.test(profile.source.key)) return profile.source.key;
  return profile.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'host';
}

/** OpenSSH's argv_split reads `"…"` with \" and \\ inside as one word. */
function quoted(value: string): string {
  return value !== '' && !/[\s"'#\\]/.test(value) ? value : `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * A route as ProxyJump's list: a saved host by reference is written as its own address, after the
 * hosts it goes through itself (ssh has no references), so the block stands on its own.
 */
function proxyJumpOf(route: JumpRoute | undefined, findProfile: (id: string) => ConnectionProfile | undefined, seen: Set<string>): string {
  if (route === undefined || typeof route === 'string') return route ?? '';
  const parts = route.map((hop) => {
    if ('destination' in hop) return hop.destination;
    const saved = findProfile(hop.profileId);
    if (saved === undefined || seen.has(saved.id))
      throw new AppError('INVALID_ARGUMENT', 'A jump host of this host is gone or loops back to it; fix its jump hosts first.');
    const own = proxyJumpOf(saved.jump, findProfile, new Set([...seen, saved.id]));
    const address = destinationText({ host: saved.destination, port: saved.port, user: saved.user });
    return own ? `${own},${address}` : address;
  });
  return parts.join(',');
}
