import { constants, copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import type { StorageProblem } from './storage-problem';
import { notRegular, readRegularSync } from '../base/file-target';
import { type KeyValueFile, type StoreBackendFactory, storeFilePath, writeStoreFile } from './store-backend';
import { errnoCode } from '../base/errno';

/** The key every store file carries its format version under. */
export const VERSION_KEY = 'schemaVersion';

/** Upgrades the body of a file from version `from` to `from + 1`. Pure: no I/O, no clock. */
export interface Migration {
  readonly from: number;
  up(body: Record<string, unknown>): Record<string, unknown>;
}

/** What could be kept from a file's body, and a sentence for each thing that could not. */
export interface Salvaged<T> {
  value: T;
  dropped: string[];
}

/**
 * One kind of store file. Every change to what a file holds bumps `version` and adds the
 * migration from the previous one, so an older Jumpgate never rewrites a newer file (it opens
 * it read-only instead) and a newer one always upgrades an older file.
 */
export interface StoreSchema<T> {
  /** File name without `.json`. */
  readonly name: string;
  /** What the file holds, for messages: "profiles", "settings". */
  readonly noun: string;
  readonly version: number;
  /** One per version step, `from: 1` up to `from: version - 1`. */
  readonly migrations: readonly Migration[];
  empty(): T;
  /** Reads a current-version body, keeping every valid part and naming each one dropped. */
  salvage(body: Record<string, unknown>): Salvaged<T>;
  serialize(value: T): Record<string, unknown>;
}

type Opened<T> = { value: T; file?: KeyValueFile; problem?: StorageProblem };

/**
 * A versioned JSON store with ordered migrations and recovery from broken files. It reads the
 * raw file itself before the backend sees it, so whatever is in the file, opening never throws
 * and never silently empties it:
 * - unparseable JSON: the file is copied to `<name>.json.corrupt-<time>` and the store starts empty;
 * - not a regular file (a FIFO, a device, a folder): read-only, never read into or written;
 * - valid JSON with invalid parts: the valid parts are kept, the original is copied to a backup;
 * - a newer version than this build knows, or a file that cannot be read: read-only, untouched;
 * - an older version: migrated in memory, the original copied to `<name>.json.v<N>.bak`, written.
 * Each of these (but the upgrade) is reported in `problems`. The value is kept in memory, read
 * again when the file changes under it (the app and the CLI share these files), and written
 * whole on each change through the backend (atomic: temp file, fsync, rename).
 */
export class VersionedStore<T> {
  readonly path: string;
  readonly problems: StorageProblem[] = [];
  #value: T;
  #file: KeyValueFile | undefined;
  /** The file as we last read or wrote it; another process changing it shows as a new stamp. */
  #stamp: string | undefined;
  /** Why the file is never written (it is not a regular file), when it is not. */
  #refusal: string | undefined;
  readonly #schema: StoreSchema<T>;
  readonly #backend: StoreBackendFactory;
  readonly #dir: string;

  constructor(backend: StoreBackendFactory, dir: string, schema: StoreSchema<T>) {
    checkMigrations(schema);
    this.#schema = schema;
    this.#backend = backend;
    this.#dir = resolve(dir);
    this.path = storeFilePath(dir, schema.name);
    this.#value = schema.empty();
    this.#load();
  }

  /**
   * The current content. The app, the CLI and the bridge may share a file, so a change made by
   * another process since the last read is picked up here (one stat per read).
   */
  get value(): T {
    if (this.#file && this.#stamp !== this.#readStamp()) this.#load();
    return this.#value;
  }

  /** True when changes would clobber a file this build cannot fully understand. */
  get isReadOnly(): boolean {
    return this.#file === undefined;
  }

  /** Writes `next` as the whole content; memory changes only once the file has. */
  write(next: T): T {
    if (!this.#file && this.#refusal !== undefined) {
      throw new AppError('STORAGE_WRITE_FAILED', `Could not save ${this.#fileName}: ${this.#refusal}. Move it away and restart Jumpgate.`, {
        details: { file: this.path },
      });
    }
    if (!this.#file) {
      throw new AppError('STORAGE_READ_ONLY', `${this.#fileName} is open read-only (see the storage problems), so this change was not saved.`, {
        details: { file: this.path },
      });
    }
    try {
      writeThrough(this.#file, this.#schema, next);
    } catch (error) {
      if (AppError.is(error)) throw error;
      throw new AppError('STORAGE_WRITE_FAILED', `Could not save ${this.#fileName} (${describeError(error)}). Check the disk and the folder's permissions.`, {
        details: { file: this.path },
        cause: error,
      });
    }
    this.#value = next;
    this.#stamp = this.#readStamp();
    return next;
  }

  #load(): void {
    this.#refusal = undefined;
    let opened: Opened<T>;
    try {
      opened = this.#open(this.#backend, this.#dir);
    } catch (error) {
      opened = {
        value: this.#schema.empty(),
        problem: this.#problem(`could not be opened (${describeError(error)}); it was left untouched and is read-only for now`),
      };
    }
    this.#value = opened.value;
    this.#file = opened.file;
    this.#stamp = this.#readStamp();
    if (opened.problem) this.problems.push(opened.problem);
  }

  #readStamp(): string | undefined {
    try {
      const stat = statSync(this.path);
      return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    } catch {
      return undefined;
    }
  }

  get #fileName(): string {
    return basename(this.path);
  }

  #open(backend: StoreBackendFactory, dir: string): Opened<T> {
    const schema = this.#schema;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    let text: string;
    try {
      const read = readRegularSync(this.path);
      if (read === 'special') {
        this.#refusal = notRegular(this.path);
        return {
          value: schema.empty(),
          problem: this.#problem('is not a regular file (a device such as /dev/null, a FIFO or a folder); it is left alone and nothing is saved to it'),
        };
      }
      text = read.content.toString('utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return { value: schema.empty(), file: this.#backendFile(backend, dir) };
      return { value: schema.empty(), problem: this.#problem(`could not be read (${describeError(error)}); it is read-only until that is fixed`) };
    }

    const parsed = parseObject(text);
    if (parsed === undefined) return this.#setAsideUnparseable(backend, dir);

    const { [VERSION_KEY]: rawVersion = 1, ...body } = parsed;
    const version = typeof rawVersion === 'number' && Number.isInteger(rawVersion) && rawVersion >= 1 ? rawVersion : undefined;
    if (version !== undefined && version > schema.version) {
      const { value } = schema.salvage(body);
      return {
        value,
        problem: this.#problem(
          `was written by a newer Jumpgate (format ${version}; this one knows up to ${schema.version}). It is shown read-only and left untouched; update Jumpgate to change it`,
        ),
      };
    }

    let current = body;
    if (version !== undefined && version < schema.version) {
      try {
        current = migrate(schema, version, body);
      } catch (error) {
        return {
          value: schema.empty(),
          problem: this.#problem(`could not be upgraded from format ${version} (${describeError(error)}); it was left untouched and is read-only`),
        };
      }
    }

    const { value, dropped } = schema.salvage(current);
    if (version === undefined) dropped.unshift(`its format version (${JSON.stringify(rawVersion)}) is not a number; it was read as the current format`);
    const file = this.#backendFile(backend, dir);
    if (dropped.length > 0) {
      const backup = this.#backupPath('corrupt');
      copyFileSync(this.path, backup, constants.COPYFILE_EXCL);
      writeThrough(file, schema, value);
      const listed = dropped.length > 10 ? [...dropped.slice(0, 10), `and ${dropped.length - 10} more`] : dropped;
      return {
        value,
        file,
        problem: this.#problem(
          `had parts that could not be read, which were left out: ${listed.join('; ')}. The original was kept as ${basename(backup)}`,
          backup,
        ),
      };
    }
    if (version !== schema.version) {
      copyFileSync(this.path, this.#backupPath(`v${version}`, false), constants.COPYFILE_EXCL);
      writeThrough(file, schema, value);
    }
    return { value, file };
  }

  /**
   * Copied aside, then replaced by an empty store before the backend sees it (it must never be
   * handed a file it cannot parse); written, not renamed, so that a symlinked file stays a link.
   */
  #setAsideUnparseable(backend: StoreBackendFactory, dir: string): Opened<T> {
    const schema = this.#schema;
    const backup = this.#backupPath('corrupt');
    copyFileSync(this.path, backup, constants.COPYFILE_EXCL);
    writeStoreFile(this.path, body(schema, schema.empty()));
    const file = this.#backendFile(backend, dir);
    return {
      value: schema.empty(),
      file,
      problem: this.#problem(
        `is not valid JSON, so no ${schema.noun} could be read from it. It was kept as ${basename(backup)}; Jumpgate started without it`,
        backup,
      ),
    };
  }

  #backendFile(backend: StoreBackendFactory, dir: string): KeyValueFile {
    const file = backend({ name: this.#schema.name, cwd: dir });
    if (resolve(file.path) !== this.path) throw new Error(`the storage backend opened ${file.path} instead of ${this.path}`);
    return file;
  }

  #backupPath(kind: string, isTimed = true): string {
    const stem = isTimed ? `${this.path}.${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}` : `${this.path}.${kind}.bak`;
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? stem : `${stem}-${n}`;
      if (!existsSync(candidate)) return candidate;
    }
  }

  #problem(what: string, backup?: string): StorageProblem {
    const problem: StorageProblem = { file: this.path, message: `${this.#fileName} ${what}.` };
    if (backup !== undefined) problem.backup = backup;
    return problem;
  }
}

function migrate<T>(schema: StoreSchema<T>, from: number, body: Record<string, unknown>): Record<string, unknown> {
  let current = body;
  for (let version = from; version < schema.version; version++) {
    const step = schema.migrations.find((migration) => migration.from === version);
    if (!step) throw new Error(`no migration from format ${version}`);
    current = step.up(structuredClone(current));
  }
  return current;
}

function writeThrough<T>(file: KeyValueFile, schema: StoreSchema<T>, value: T): void {
  file.store = body(schema, value);
}

function body<T>(schema: StoreSchema<T>, value: T): Record<string, unknown> {
  return { [VERSION_KEY]: schema.version, ...schema.serialize(value) };
}

function checkMigrations<T>(schema: StoreSchema<T>): void {
  for (let from = 1; from < schema.version; from++) {
    if (schema.migrations.filter((migration) => migration.from === from).length !== 1) {
      throw new Error(`${schema.name}: expected exactly one migration from format ${from}`);
    }
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An OS error's code ("EACCES"), never its raw text; anything else by its kind. */
function describeError(error: unknown): string {
  const code = errnoCode(error);
  if (code !== undefined) return code;
  if (error instanceof Error && error.message.startsWith('no migration')) return error.message;
  return error instanceof Error ? error.name : 'unknown error';
}
