import { AppError } from '../../../shared/errors';
import type { ConnectionProfile } from '../../../shared/model';
import type { ResolveOptions } from './ssh-config';

/** What a window connects to: a saved profile, or what was typed in quick connect. */
export type ConnectTarget = { profileId: string } | { destination: string };

export interface TargetPlan {
  /** What the connection is called: the profile's name, or what was typed. */
  label: string;
  resolveOptions: ResolveOptions;
  /** The saved profile, when the target is one. */
  profile: ConnectionProfile | undefined;
}

/** Where a target goes, as resolveHops takes it; a profile that no longer exists is refused. */
export function planTarget(target: ConnectTarget, findProfile: (id: string) => ConnectionProfile | undefined, env: NodeJS.ProcessEnv): TargetPlan {
  if ('destination' in target) return { label: target.destination, resolveOptions: { destination: target.destination, env }, profile: undefined };
  const profile = findProfile(target.profileId);
  if (!profile) throw new AppError('PROFILE_NOT_FOUND', 'That saved connection no longer exists.', { details: { profileId: target.profileId } });
  return { label: profile.name, resolveOptions: resolveOptionsOf(profile, env), profile };
}

function resolveOptionsOf(profile: ConnectionProfile, env: NodeJS.ProcessEnv): ResolveOptions {
  return {
    destination: profile.destination,
    port: profile.port,
    user: profile.user,
    jump: profile.jump,
    identityFiles: profile.identityFiles,
    forwardAgent: profile.forwardAgent || undefined,
    options: {
      ...profile.options,
      ...(profile.strictHostKeyChecking ? { stricthostkeychecking: profile.strictHostKeyChecking } : {}),
    },
    env,
  };
}
