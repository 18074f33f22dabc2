import { existsSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import type { ConnectionProfile, ProfileId } from '../../shared/model/profile';
import { dataDir } from '../storage/data-dir';
import { ProfileStore } from '../storage/profile-store';
import { confBackend, storeFilePath } from '../storage/store-backend';
import type { CliIo } from './cli-io';

/**
 * The app's saved hosts as the command line sees them: the same profiles.json in the same data
 * directory (JUMPGATE_HOME), named by what the app shows. A command that only looks hosts up
 * (ssh, cp, sftp) does not create the data directory when there is none.
 */
export class SavedHosts {
  private constructor(private readonly store: ProfileStore | undefined) {}

  /** Opens the store; with `isLookupOnly`, an absent profiles.json means no saved hosts (nothing is created). */
  static open(io: CliIo, options: { isLookupOnly?: boolean } = {}): SavedHosts {
    const dir = dataDir(io.env);
    if (options.isLookupOnly && !existsSync(storeFilePath(dir, 'profiles'))) return new SavedHosts(undefined);
    const store = new ProfileStore(confBackend(), dir);
    for (const problem of store.problems) io.stderr.write(`jumpgate: warning: ${problem.file}: ${problem.message} (STORAGE_CORRUPT)\n`);
    return new SavedHosts(store);
  }

  /** The store itself, for the import service (opened without `isLookupOnly`). */
  get profiles(): ProfileStore {
    if (!this.store) throw new AppError('INTERNAL', 'The saved hosts were opened for lookups only.');
    return this.store;
  }

  list(): ConnectionProfile[] {
    return this.store?.list() ?? [];
  }

  readonly findProfile = (id: string): ConnectionProfile | undefined => this.store?.get(id as ProfileId);

  /**
   * The saved host called `name`, else the one whose id it is (`hosts list --json` shows ids);
   * undefined when there is none. Two hosts of one name are refused rather than guessed between.
   */
  byName(name: string): ConnectionProfile | undefined {
    const hosts = this.list();
    const named = hosts.filter((host) => host.name === name);
    if (named.length > 1)
      throw new AppError(
        'INVALID_ARGUMENT',
        `${named.length} saved hosts are called "${name}". Rename one in the app, or name it by its id (jumpgate hosts list --json shows ids).`,
        { details: { ids: named.map((host) => host.id) } },
      );
    return named[0] ?? hosts.find((host) => host.id === name);
  }

  /** byName, or PROFILE_NOT_FOUND saying how to see the names. */
  require(name: string): ConnectionProfile {
    const host = this.byName(name);
    if (!host)
      throw new AppError('PROFILE_NOT_FOUND', `No saved host is called "${name}". See the saved hosts with: jumpgate hosts list.`, { details: { name } });
    return host;
  }

  /** A connection to the host was made: the app's "last used" shows it. */
  markUsed(id: ProfileId): void {
    try {
      this.store?.markUsed(id);
    } catch {
      // A read-only or unwritable profiles.json loses only the "last used" time; the command goes on.
    }
  }
}
