import { AppError } from '../../shared/errors';
import { Settings, SettingsPatch } from '../../shared/model/profile';
import { describeIssues } from './salvage';
import type { StorageProblem } from './storage-problem';
import type { StoreBackendFactory } from './store-backend';
import { isPlainObject, type Salvaged, type StoreSchema, VersionedStore } from './versioned-store';

/** settings.json: `{ "schemaVersion": 1, "settings": Settings }`. */
export const settingsSchema: StoreSchema<Settings> = {
  name: 'settings',
  noun: 'settings',
  version: 1,
  migrations: [],
  empty: () => Settings.parse({}),
  salvage: salvageSettings,
  serialize: (settings) => ({ settings }),
};

/** Settings are read field by field: one bad value falls back to its default, not all of them. */
function salvageSettings(body: Record<string, unknown>): Salvaged<Settings> {
  const raw = body.settings;
  if (raw === undefined) return { value: Settings.parse({}), dropped: [] };
  if (!isPlainObject(raw)) return { value: Settings.parse({}), dropped: ['the settings (not an object); the defaults are used'] };
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  const shape = Settings.shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
  for (const [key, value] of Object.entries(raw)) {
    const field = shape[key];
    if (!field) dropped.push(`unknown setting "${key.slice(0, 60)}"`);
    else if (!field.safeParse(value).success) dropped.push(`setting "${key}" (not a valid value; the default is used)`);
    else kept[key] = value;
  }
  return { value: Settings.parse(kept), dropped };
}

export class SettingsStore {
  readonly #store: VersionedStore<Settings>;

  constructor(backend: StoreBackendFactory, dir: string) {
    this.#store = new VersionedStore(backend, dir, settingsSchema);
  }

  get problems(): StorageProblem[] {
    return [...this.#store.problems];
  }

  get path(): string {
    return this.#store.path;
  }

  get(): Settings {
    return structuredClone(this.#store.value);
  }

  update(patch: SettingsPatch): Settings {
    const parsed = SettingsPatch.safeParse(patch);
    if (!parsed.success) throw new AppError('INVALID_ARGUMENT', `Those settings are not valid: ${describeIssues(parsed.error)}.`);
    const next = Settings.parse({ ...this.#store.value, ...stripUndefined(parsed.data) });
    return structuredClone(this.#store.write(next));
  }
}

function stripUndefined(patch: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}
