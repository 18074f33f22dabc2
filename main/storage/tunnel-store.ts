import { AppError } from '../../shared/errors';
import { TunnelProfile } from '../../shared/model/tunnel-profile';
import { describeIssues, salvageList } from './salvage';
import type { StorageProblem } from './storage-problem';
import { confBackend, type StoreBackendFactory } from './store-backend';
import { isPlainObject, type StoreSchema, VersionedStore } from './versioned-store';

/**
 * tunnels.json: `{ "schemaVersion": 2, "tunnels": [TunnelProfile, …] }`, beside profiles.json. No secrets.
 * Format 1 held each connection's fields directly; format 2 holds a target (`{ spec }` or `{ profileId }`).
 */
export const tunnelsSchema: StoreSchema<TunnelProfile[]> = {
  name: 'tunnels',
  noun: 'tunnels',
  version: 2,
  migrations: [{ from: 1, up: connectionAsTarget }],
  empty: () => [],
  salvage: (body) =>
    salvageList(body.tunnels, {
      schema: TunnelProfile,
      noun: 'tunnel',
      key: (tunnel) => tunnel.name,
      label: (raw) => (typeof raw.name === 'string' ? raw.name : undefined),
    }),
  serialize: (tunnels) => ({ tunnels }),
};

/** Format 1 → 2: each tunnel's connection, as it was, becomes the spec of its target. */
function connectionAsTarget(body: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(body.tunnels)) return body;
  const tunnels: unknown[] = body.tunnels.map((tunnel: unknown) =>
    isPlainObject(tunnel) && isPlainObject(tunnel.connection) ? { ...tunnel, connection: { spec: tunnel.connection } } : tunnel,
  );
  return { ...body, tunnels };
}

/**
 * Saved tunnels, by name, shared by the app and the CLI. The file is handled by VersionedStore:
 * atomic writes, and a broken file is backed up and reported in `problems`, never silently emptied.
 */
export class TunnelStore {
  readonly #store: VersionedStore<TunnelProfile[]>;

  constructor(dir: string, backend: StoreBackendFactory = confBackend()) {
    this.#store = new VersionedStore(backend, dir, tunnelsSchema);
  }

  get problems(): StorageProblem[] {
    return [...this.#store.problems];
  }

  get path(): string {
    return this.#store.path;
  }

  list(): TunnelProfile[] {
    return structuredClone(this.#store.value);
  }

  get(name: string): TunnelProfile {
    const profile = this.#store.value.find((candidate) => candidate.name === name);
    if (!profile)
      throw new AppError('TUNNEL_NOT_FOUND', `There is no saved tunnel named "${name}". "jumpgate tunnel list" shows the saved ones.`, { details: { name } });
    return structuredClone(profile);
  }

  /** Saves a new tunnel; an existing name is refused unless `replace`. */
  add(profile: TunnelProfile, { replace = false }: { replace?: boolean } = {}): TunnelProfile {
    const parsed = TunnelProfile.safeParse(profile);
    if (!parsed.success) throw new AppError('INVALID_ARGUMENT', `The tunnel is not valid: ${describeIssues(parsed.error)}.`);
    const tunnels = this.#store.value;
    const index = tunnels.findIndex((candidate) => candidate.name === parsed.data.name);
    if (index >= 0 && !replace) {
      throw new AppError(
        'TUNNEL_EXISTS',
        `A tunnel named "${parsed.data.name}" already exists. Remove it first ("jumpgate tunnel rm ${parsed.data.name}") or choose another name.`,
        { details: { name: parsed.data.name } },
      );
    }
    this.#store.write(index >= 0 ? tunnels.map((candidate, at) => (at === index ? parsed.data : candidate)) : [...tunnels, parsed.data]);
    return structuredClone(parsed.data);
  }

  remove(name: string): void {
    const tunnels = this.#store.value;
    if (!tunnels.some((candidate) => candidate.name === name)) {
      throw new AppError('TUNNEL_NOT_FOUND', `There is no saved tunnel named "${name}".`, { details: { name } });
    }
    this.#store.write(tunnels.filter((candidate) => candidate.name !== name));
  }
}
