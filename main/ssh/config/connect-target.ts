import { AppError } from '../../../shared/errors';
import type { ConnectionProfile, ConnectionSpec, ConnectionTarget, HopSpec, JumpHop } from '../../../shared/model';
import { DESTINATION_ONLY, MAX_HOPS, type ResolveOptions, resolveHops } from './ssh-config';

/** What a window connects to: a saved host, a spec, or what was typed in quick connect. */
export type ConnectTarget = ResolvableTarget | { destination: string };

/** A ConnectionTarget, its id as any string (an id that is no saved host is refused when resolved). */
export type ResolvableTarget = { profileId: string } | Extract<ConnectionTarget, { spec: unknown }>;

/** What resolving a target needs besides the target: the saved hosts and the environment. */
export interface TargetContext {
  findProfile: (id: string) => ConnectionProfile | undefined;
  env: NodeJS.ProcessEnv;
}

export interface TargetPlan {
  /** What the connection is called: the profile's name, or what was typed. */
  label: string;
  /** The saved profile, when the target is one. */
  profile: ConnectionProfile | undefined;
  /** The hops, resolved again on each call (the config and the saved hosts may have changed). */
  resolveHops(): Promise<HopSpec[]>;
}

/** Where a target goes; a profile that no longer exists is refused. */
export function planTarget(target: ConnectTarget, findProfile: TargetContext['findProfile'], env: NodeJS.ProcessEnv): TargetPlan {
  const context = { findProfile, env };
  const spec: ResolvableTarget =
    'destination' in target ? { spec: { destination: target.destination, identityFiles: [], forwardAgent: false, options: {} } } : target;
  const profile = 'profileId' in spec ? findSaved(spec.profileId, context, undefined) : undefined;
  const label = profile?.name ?? ('destination' in target ? target.destination : 'spec' in spec ? spec.spec.destination : '');
  return { label, profile, resolveHops: () => resolveTarget(spec, context) };
}

/**
 * The one way from a target to hops, for terminals, files, tunnels and the CLI. A spec whose
 * jump is typed text resolves exactly as `jumpgate ssh -J` would. A jump hop that is a saved host
 * brings that host's own user, port, keys and host-key settings; as in a -J list, the first hop
 * is reached by its own route (a saved bastion's own jump hosts) and each later one through the
 * hop before it. A saved host met twice on one route is refused.
 */
export async function resolveTarget(target: ResolvableTarget, context: TargetContext): Promise<HopSpec[]> {
  if ('spec' in target) return routeTo(target.spec, context, []);
  const profile = findSaved(target.profileId, context, undefined);
  return routeTo(profile, context, [profile]);
}

async function routeTo(spec: ConnectionSpec, context: TargetContext, path: ConnectionProfile[]): Promise<HopSpec[]> {
  const { jump } = spec;
  if (jump === undefined || typeof jump === 'string' || jump.every((hop) => 'destination' in hop)) {
    return resolveHops(resolveOptionsOf(spec, context.env, jumpText(jump)));
  }
  const [first, ...rest] = jump;
  const chain = await hopRoute(first!, spec, context, path, true);
  for (const hop of rest) chain.push(...(await hopRoute(hop, spec, context, path, false)));
  chain.push(...(await resolveHops(resolveOptionsOf(spec, context.env, 'none'))));
  if (chain.length > MAX_HOPS) {
    throw new AppError('CONFIG_INVALID', `The jump chain to ${spec.destination} has more than ${MAX_HOPS} hops; remove some of its jump hosts.`, {
      details: { chain: chain.map((hop) => hop.alias) },
    });
  }
  // Only the first hop opens a connection of its own; the others go through the hop before.
  return chain.map((hop, index) => (index === 0 ? hop : { ...hop, proxyCommand: undefined, proxy: undefined }));
}

/** A hop's part of the chain: a first hop by its own route, a later one alone (reached through the one before). */
async function hopRoute(hop: JumpHop, via: ConnectionSpec, context: TargetContext, path: ConnectionProfile[], isFirst: boolean): Promise<HopSpec[]> {
  if ('destination' in hop) {
    // What the route's -i and -o would give a -J hop: everything but what names or routes one host.
    const options = Object.fromEntries(Object.entries(via.options).filter(([key]) => !DESTINATION_ONLY.has(key.toLowerCase())));
    return resolveHops({
      destination: hop.destination,
      identityFiles: via.identityFiles,
      options,
      configFile: via.configFile,
      jump: isFirst ? undefined : 'none',
      env: context.env,
    });
  }
  const bastion = findSaved(hop.profileId, context, path);
  if (isFirst) return routeTo(bastion, context, [...path, bastion]);
  return resolveHops(resolveOptionsOf(bastion, context.env, 'none'));
}

function findSaved(id: string, context: TargetContext, path: ConnectionProfile[] | undefined): ConnectionProfile {
  const profile = context.findProfile(id);
  if (!profile) {
    const where = path?.at(-1);
    throw new AppError(
      'PROFILE_NOT_FOUND',
      where ? `${where.name} jumps through a saved host that no longer exists; choose another jump host for it.` : 'That saved connection no longer exists.',
      { details: { profileId: id } },
    );
  }
  if (path?.some((seen) => seen.id === profile.id)) {
    const names = [...path.map((seen) => seen.name), profile.name];
    throw new AppError('CONFIG_INVALID', `The jump hosts go round in a circle: ${names.join(' → ')}. Change the jump hosts of one of these saved hosts.`, {
      details: { chain: names },
    });
  }
  return profile;
}

function jumpText(jump: ConnectionSpec['jump']): string | undefined {
  if (jump === undefined || typeof jump === 'string') return jump;
  return jump.map((hop) => ('destination' in hop ? hop.destination : '')).join(',');
}

function resolveOptionsOf(spec: ConnectionSpec, env: NodeJS.ProcessEnv, jump: string | undefined): ResolveOptions {
  return {
    destination: spec.destination,
    port: spec.port,
    user: spec.user,
    jump,
    identityFiles: spec.identityFiles,
    forwardAgent: spec.forwardAgent || undefined,
    options: {
      ...spec.options,
      ...(spec.strictHostKeyChecking ? { stricthostkeychecking: spec.strictHostKeyChecking } : {}),
    },
    configFile: spec.configFile,
    env,
  };
}
