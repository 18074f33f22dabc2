import { AppError } from '../../shared/errors';
import type { ConnectionSpec, JumpHop, JumpRoute } from '../../shared/model/connection-spec';
import type { ConnectionProfile } from '../../shared/model/profile';
import type { ResolvableTarget } from '../ssh/config/connect-target';
import { specOfArgs, type SshArgs } from './ssh-args';

/** The connection flags a command line gave (-p, -l, -i, -o, -J, -F, -A). */
export type TargetArgs = Pick<SshArgs, 'port' | 'user' | 'jump' | 'identityFiles' | 'options' | 'configFile'> & { forwardAgent?: boolean };

/** What the target needs of the saved hosts: a lookup by name (or id). */
export interface SavedHostLookup {
  byName(name: string): ConnectionProfile | undefined;
}

export interface CliTarget {
  target: ResolvableTarget;
  /** The saved host the destination named, if it did. */
  profile?: ConnectionProfile;
}

/**
 * A destination as the command line gives it. A saved host's name (`web`, `deploy@web`,
 * `web:2222`) comes before any ~/.ssh/config alias or DNS name: it connects as that saved host,
 * `{ profileId }`, with its user, port, keys, jump hosts and host-key checking. Flags given on the
 * command line win over the saved host's settings, as they win over ~/.ssh/config: -p (or
 * `:port`), -l (or `user@`), -J, -F and -o replace its values, -i keys are tried before its own,
 * -A turns agent forwarding on. Anything else is what `ssh` would make of it. In -J, a saved
 * host's name is a hop by reference.
 */
export function cliTarget(destination: string, args: TargetArgs, saved: SavedHostLookup): CliTarget {
  const jump = jumpRouteOf(args.jump, saved);
  const named = savedDestination(destination, saved);
  if (!named) return { target: { spec: { ...specOfArgs(destination, args), jump } } };
  const { profile } = named;
  const user = args.user ?? named.user;
  const port = args.port ?? named.port;
  const optionKeys = new Set(Object.keys(args.options).map((key) => key.toLowerCase()));
  const hasOverrides =
    user !== undefined ||
    port !== undefined ||
    jump !== undefined ||
    args.configFile !== undefined ||
    args.identityFiles.length > 0 ||
    optionKeys.size > 0 ||
    args.forwardAgent === true;
  if (!hasOverrides) return { target: { profileId: profile.id }, profile };
  const spec: ConnectionSpec = {
    destination: profile.destination,
    port: port ?? profile.port,
    user: user ?? profile.user,
    jump: jump ?? profile.jump,
    identityFiles: [...new Set([...args.identityFiles, ...profile.identityFiles])].slice(0, 16),
    strictHostKeyChecking: optionKeys.has('stricthostkeychecking') ? undefined : profile.strictHostKeyChecking,
    forwardAgent: args.forwardAgent === true || profile.forwardAgent,
    options: { ...Object.fromEntries(Object.entries(profile.options).filter(([key]) => !optionKeys.has(key.toLowerCase()))), ...args.options },
    configFile: args.configFile ?? profile.configFile,
  };
  return { target: { spec }, profile };
}

/** `NAME`, `user@NAME` or `NAME:port` when NAME is a saved host (user split at the last @, as ssh does). */
function savedDestination(destination: string, saved: SavedHostLookup): { profile: ConnectionProfile; user?: string; port?: number } | undefined {
  const whole = saved.byName(destination);
  if (whole) return { profile: whole };
  const at = destination.lastIndexOf('@');
  const user = at > 0 ? destination.slice(0, at) : undefined;
  let host = at > 0 ? destination.slice(at + 1) : destination;
  let port: number | undefined;
  const portMatch = /^([^:[\]]+):(\d{1,5})$/.exec(host);
  if (portMatch && Number(portMatch[2]) >= 1 && Number(portMatch[2]) <= 65535) {
    host = portMatch[1]!;
    port = Number(portMatch[2]);
  }
  if (host === destination || host === '') return undefined;
  const profile = saved.byName(host);
  return profile && { profile, user, port };
}

/**
 * A -J list in which saved hosts' names become hops by reference (each with its own user, port,
 * keys and jump hosts); a list that names none stays the text it was. A saved host given with a
 * user or port is refused: a hop by reference takes only the host's own.
 */
export function jumpRouteOf(text: string | undefined, saved: SavedHostLookup): JumpRoute | undefined {
  if (text === undefined || text.trim().toLowerCase() === 'none') return text;
  const hops: JumpHop[] = text.split(',').map((part) => {
    const hop = part.trim();
    if (hop === '') throw new AppError('INVALID_ARGUMENT', `-J "${text}" has an empty jump host.`);
    const profile = saved.byName(hop);
    if (profile) return { profileId: profile.id };
    const named = savedDestination(hop, saved);
    if (named)
      throw new AppError(
        'INVALID_ARGUMENT',
        `In -J, "${hop}" names the saved host ${named.profile.name}, which is used with its own user and port: give it as ${named.profile.name} alone, or change it in the app.`,
      );
    return { destination: hop };
  });
  return hops.some((hop) => 'profileId' in hop) ? hops : text;
}
