import { AppError } from '../../shared/errors';
import type { ConnectionProfile } from '../../shared/model/profile';

/**
 * A saved host as a `Host` block for ~/.ssh/config: quoted where OpenSSH would split or cut the
 * value, `%` doubled in key paths, so that reading it back gives the same settings.
 */
export function hostBlock(profile: ConnectionProfile): string {
  const lines: [string, string][] = [['HostName', profile.destination]];
  if (profile.user) lines.push(['User', profile.user]);
  if (profile.port) lines.push(['Port', String(profile.port)]);
  for (const file of profile.identityFiles) lines.push(['IdentityFile', file.replaceAll('%', '%%')]);
  if (profile.jump) lines.push(['ProxyJump', profile.jump]);
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
