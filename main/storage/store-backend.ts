import { resolve } from 'node:path';
import Conf from 'conf';
import { writeFileAtomicSync } from '../base/atomic-file';

/**
 * One JSON file of key/value pairs, as conf and electron-store see it. The app backs it with
 * electron-store, the CLI and the bridge with conf: both write `<cwd>/<name>.json`, so every
 * process reads the same files with the same schemas.
 *
 * Creating one may read the file (conf does): VersionedStore only creates it once the file is
 * known to be absent or valid JSON, so an adapter need not cope with a broken file.
 */
export interface KeyValueFile {
  /** Absolute path of the file; must be `<cwd>/<name>.json`. */
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  /**
   * The whole file as one object. Assigning it writes the file once, atomically, replacing
   * every key: this is how a store changes its data and its schema version together
   * (conf's and electron-store's `store` accessor).
   */
  store: Record<string, unknown>;
}

export interface StoreBackendFactory {
  (options: { name: string; cwd: string }): KeyValueFile;
}

/** Owner read/write only: profiles name hosts and users, which are nobody else's business. */
export const STORE_FILE_MODE = 0o600;

/**
 * conf, for the CLI and the bridge: it reads the file; writes go through writeStoreFile.
 */
export function confBackend(): StoreBackendFactory {
  return ({ name, cwd }) => {
    const conf = new Conf<Record<string, unknown>>({
      cwd: resolve(cwd),
      configName: name,
      fileExtension: 'json',
      // Keys are plain names: a profile id must never be read as a path.
      accessPropertiesByDotNotation: false,
      // VersionedStore recovers broken files itself; conf must never silently empty one.
      clearInvalidConfig: false,
      configFileMode: STORE_FILE_MODE,
    });
    return {
      path: conf.path,
      get: (key) => conf.get(key),
      set: (key, value) => writeStoreFile(conf.path, { ...conf.store, [key]: value }),
      get store() {
        return conf.store;
      },
      set store(value) {
        writeStoreFile(conf.path, value);
      },
    };
  };
}

/** The file a factory opens for `name` in `cwd`, by the convention both backends follow. */
export function storeFilePath(cwd: string, name: string): string {
  return resolve(cwd, `${name}.json`);
}

/**
 * Writes a store file whole, as conf would lay it out (tab-indented JSON), through
 * writeFileAtomicSync rather than conf's own writer (`atomically`): that one opens its temp file
 * without O_EXCL under a guessable name, and renames over whatever the path is (a FIFO, a
 * device). This one writes a symlinked file through to its target, never replaces anything but
 * a regular file, and leaves the old file or the new one after a crash, never half.
 */
export function writeStoreFile(path: string, value: Record<string, unknown>): void {
  writeFileAtomicSync(path, JSON.stringify(value, undefined, '\t'), { mode: STORE_FILE_MODE });
}
