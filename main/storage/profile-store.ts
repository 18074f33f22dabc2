import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { ConnectionProfile, ConnectionProfileDraft, ProfileId } from '../../shared/model/profile';
import { type ConnectionTarget, jumpProfileIds } from '../../shared/model/connection-spec';
import type { TunnelProfile } from '../../shared/model/tunnel-profile';
import { describeIssues, salvageList } from './salvage';
import type { StorageProblem } from './storage-problem';
import type { StoreBackendFactory } from './store-backend';
import { type StoreSchema, VersionedStore } from './versioned-store';

/** profiles.json: `{ "schemaVersion": 1, "profiles": [ConnectionProfile, …] }`. No secrets, ever. */
export const profilesSchema: StoreSchema<ConnectionProfile[]> = {
  name: 'profiles',
  noun: 'profiles',
  version: 1,
  migrations: [],
  empty: () => [],
  salvage: (body) =>
    salvageList(body.profiles, {
      schema: ConnectionProfile,
      noun: 'profile',
      key: (profile) => profile.id,
      label: (raw) => (typeof raw.name === 'string' ? raw.name : undefined),
    }),
  serialize: (profiles) => ({ profiles }),
};

/** Saved connections, in the order they were created. Every read returns a copy. */
export class ProfileStore {
  readonly #store: VersionedStore<ConnectionProfile[]>;
  readonly #now: () => Date;

  constructor(backend: StoreBackendFactory, dir: string, options: { now?: () => Date } = {}) {
    this.#store = new VersionedStore(backend, dir, profilesSchema);
    this.#now = options.now ?? (() => new Date());
  }

  get problems(): StorageProblem[] {
    return [...this.#store.problems];
  }

  get path(): string {
    return this.#store.path;
  }

  list(): ConnectionProfile[] {
    return structuredClone(this.#store.value);
  }

  get(id: ProfileId): ConnectionProfile | undefined {
    const profile = this.#store.value.find((candidate) => candidate.id === id);
    return profile && structuredClone(profile);
  }

  /** Creates a profile (draft without id) or replaces one (draft with the id of an existing one). */
  save(draft: ConnectionProfileDraft): ConnectionProfile {
    const parsed = ConnectionProfileDraft.safeParse(draft);
    if (!parsed.success) {
      throw new AppError('INVALID_ARGUMENT', `The profile is not valid: ${describeIssues(parsed.error)}.`);
    }
    const { id, ...fields } = parsed.data;
    const now = this.#now().toISOString();
    const profiles = this.#store.value;
    if (id === undefined) {
      const profile = ConnectionProfile.parse({ ...fields, id: newProfileId(profiles), createdAt: now, updatedAt: now });
      refuseJumpLoop(profile, profiles);
      this.#store.write([...profiles, profile]);
      return structuredClone(profile);
    }
    const index = profiles.findIndex((candidate) => candidate.id === id);
    const existing = profiles[index];
    if (existing === undefined) {
      throw new AppError('PROFILE_NOT_FOUND', 'That profile no longer exists; it may have been removed elsewhere. Save it as a new profile.', {
        details: { id },
      });
    }
    const profile = ConnectionProfile.parse({ ...fields, id, createdAt: existing.createdAt, updatedAt: now, lastUsedAt: existing.lastUsedAt });
    refuseJumpLoop(profile, profiles);
    this.#store.write(profiles.map((candidate, at) => (at === index ? profile : candidate)));
    return structuredClone(profile);
  }

  /** A session to the profile connected: its last use is now (a profile gone meanwhile is left alone). */
  markUsed(id: ProfileId): void {
    const profiles = this.#store.value;
    if (!profiles.some((profile) => profile.id === id)) return;
    const lastUsedAt = this.#now().toISOString();
    this.#store.write(profiles.map((profile) => (profile.id === id ? { ...profile, lastUsedAt } : profile)));
  }

  /**
   * Removing a profile that is not there is not an error: the outcome is the same. One that other
   * hosts jump through, or that `tunnels` connect to, is refused, naming them.
   */
  remove(id: ProfileId, tunnels: readonly TunnelProfile[]): void {
    const profiles = this.#store.value;
    const removed = profiles.find((profile) => profile.id === id);
    if (!removed) return;
    const users = [
      ...profiles.filter((profile) => jumpProfileIds(profile.jump).includes(id)).map((profile) => `the host ${profile.name}`),
      ...tunnels.filter((tunnel) => targetUses(tunnel.connection, id)).map((tunnel) => `the tunnel ${tunnel.name}`),
    ];
    if (users.length > 0) {
      const named = users.length === 1 ? users[0] : `${users.slice(0, -1).join(', ')} and ${users.at(-1)}`;
      throw new AppError(
        'PROFILE_IN_USE',
        `${removed.name} cannot be removed: ${named} ${users.length === 1 ? 'uses' : 'use'} it. Change or remove ${users.length === 1 ? 'it' : 'them'} first.`,
        {
          details: { id, users },
        },
      );
    }
    this.#store.write(profiles.filter((profile) => profile.id !== id));
  }
}

/**
 * A saved host whose jump hosts would lead back to a host already on the way is refused, naming
 * them, as connecting would refuse it (main/ssh/config/connect-target.ts): the first jump host is
 * reached by its own route, each later one through the hop before it, so only the first one's own
 * jump hosts are followed. A saved host that is gone is left to connecting to report.
 */
function refuseJumpLoop(profile: ConnectionProfile, saved: readonly ConnectionProfile[]): void {
  const find = (id: ProfileId): ConnectionProfile | undefined => (id === profile.id ? profile : saved.find((candidate) => candidate.id === id));
  const walk = (host: ConnectionProfile, path: readonly ConnectionProfile[]): void => {
    jumpProfileIds(host.jump).forEach((id, index) => {
      const hop = find(id);
      if (hop === undefined) return;
      if (path.some((seen) => seen.id === hop.id)) {
        const names = [...path.map((seen) => seen.name), hop.name];
        throw new AppError('CONFIG_INVALID', `The jump hosts go round in a circle: ${names.join(' → ')}. Change the jump hosts of one of these saved hosts.`, {
          details: { chain: names },
        });
      }
      if (index === 0 && isFirstHopSaved(host)) walk(hop, [...path, hop]);
    });
  };
  walk(profile, [profile]);
}

/** Whether the route starts with a saved host (then that host's own route comes first). */
function isFirstHopSaved(host: ConnectionProfile): boolean {
  return Array.isArray(host.jump) && host.jump[0] !== undefined && 'profileId' in host.jump[0];
}

function targetUses(target: ConnectionTarget, id: ProfileId): boolean {
  return 'profileId' in target ? target.profileId === id : jumpProfileIds(target.spec.jump).includes(id);
}

function newProfileId(existing: readonly ConnectionProfile[]): ProfileId {
  for (;;) {
    const id = ProfileId.parse(randomBytes(12).toString('base64url'));
    if (!existing.some((profile) => profile.id === id)) return id;
  }
}
