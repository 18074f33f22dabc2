import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ConnectionProfile } from '../../shared/model/profile';
import type { KnownHostsListing } from '../../shared/model/trust';
import { requireConfirmation, type TrustedConfirmer } from '../prompts/trusted-confirmer';
import { resolveTarget } from '../ssh/config/connect-target';
import { GLOBAL_KNOWN_HOSTS, USER_KNOWN_HOSTS } from '../ssh/config/ssh-config';
import { KnownHosts, hostKeyNameOf, hostsFieldMatches, lookupName, parseLine, splitLines } from '../ssh/host-keys/known-hosts';
import { readForLookup } from '../ssh/host-keys/known-hosts-file';
import { knownHostsHostName } from '../ssh/host-keys/host-key-format';
import { type ListedFile, listKnownHosts } from '../ssh/host-keys/known-hosts-listing';

export interface KnownHostsServiceOptions {
  env?: NodeJS.ProcessEnv;
  findProfile(id: string): ConnectionProfile | undefined;
  /** Removing a saved key moves trust: the person confirms it through main (a native dialog in the app). */
  confirmer: TrustedConfirmer;
}

/**
 * The Known hosts page's side of main: the user's files (~/.ssh/known_hosts and known_hosts2),
 * the global ones (read only), and those a saved host uses (its UserKnownHostsFile), listed and
 * searched; a host's keys removed as `ssh-keygen -R` removes them, once the person confirmed.
 */
export class KnownHostsService {
  constructor(private readonly options: KnownHostsServiceOptions) {}

  async list(query: { search?: string | undefined; profileId?: string | undefined }): Promise<KnownHostsListing> {
    const { files, name } = await this.scope(query.profileId);
    return listKnownHosts(files, name ?? query.search);
  }

  /** Every unmarked line naming `name` (`host` or `[host]:port`) goes from each user file that has one. */
  async remove(name: string, profileId?: string): Promise<{ removed: { file: string; lines: number }[] }> {
    const { host, port } = parseName(name);
    const lookup = lookupName(host, port);
    const { files } = await this.scope(profileId);
    const writable = files.filter((file) => file.isWritable).map((file) => file.file);
    const holding: { file: string; lines: number }[] = [];
    for (const file of writable) {
      const lines = splitLines(await readForLookup(file)).filter((raw) => {
        const parsed = parseLine(raw.toString('utf8'));
        return parsed !== null && parsed.marker === null && hostsFieldMatches(parsed.hosts, lookup);
      }).length;
      if (lines > 0) holding.push({ file, lines });
    }
    if (holding.length === 0) {
      throw new AppError('NOT_FOUND', `No saved host key of ${lookup} is in ${writable.join(' or ') || 'a file Jumpgate writes'}.`);
    }
    const count = holding.reduce((sum, entry) => sum + entry.lines, 0);
    await requireConfirmation(this.options.confirmer, {
      message: `Remove the saved host keys of ${lookup}?`,
      detail: [
        ...holding.map((entry) => `${entry.lines} line${entry.lines === 1 ? '' : 's'} from ${entry.file}`),
        `Every line naming ${lookup} goes, including lines that also name other hosts. The next connection to it asks about its key again.`,
      ].join('\n'),
      confirmLabel: count === 1 ? 'Remove the key' : 'Remove the keys',
      instead: `Remove the lines naming ${lookup} from ${holding.map((entry) => entry.file).join(' and ')} yourself.`,
      hint: { kind: 'forget-host-key', host: lookup, file: holding[0]?.file },
    });
    const removed: { file: string; lines: number }[] = [];
    for (const { file } of holding) {
      const lines = await new KnownHosts({ userFiles: [file] }).remove(host, port);
      removed.push({ file, lines });
    }
    return { removed };
  }

  /** The files to show, and the name a saved host's key is filed under. */
  private async scope(profileId: string | undefined): Promise<{ files: ListedFile[]; name?: string }> {
    const env = this.options.env ?? process.env;
    const home = env.HOME || os.homedir();
    const user = USER_KNOWN_HOSTS.map((file) => path.join(home, '.ssh', file));
    const global = [...GLOBAL_KNOWN_HOSTS];
    let name: string | undefined;
    if (profileId !== undefined) {
      const hops = await resolveTarget({ profileId }, { findProfile: (id) => this.options.findProfile(id), env });
      const last = hops.at(-1);
      if (last !== undefined) {
        const filed = hostKeyNameOf(last);
        name = knownHostsHostName(filed.host, filed.port);
        user.unshift(...last.userKnownHostsFiles);
        global.push(...last.globalKnownHostsFiles);
      }
    }
    const files: ListedFile[] = [];
    const seen = new Set<string>();
    for (const [list, isWritable] of [
      [user, true],
      [global, false],
    ] as const) {
      for (const file of list) {
        if (seen.has(file)) continue;
        seen.add(file);
        files.push({ file, isWritable });
      }
    }
    return { files, ...(name !== undefined ? { name } : {}) };
  }
}

/** `host` or `[host]:port`, as `ssh-keygen -R` takes it. */
function parseName(name: string): { host: string; port: number } {
  const text = name.trim();
  const bracketed = /^\[([^\]]+)\]:([0-9]{1,5})$/.exec(text);
  const port = bracketed ? Number(bracketed[2]) : 22;
  const host = bracketed?.[1] ?? text;
  if (host === '' || /[\s,*?!|]/.test(host) || port < 1 || port > 65535) {
    throw new AppError('INVALID_ARGUMENT', `“${name}” is not a host name. Give a host name or address, with its port as [host]:port when it is not 22.`);
  }
  return { host, port };
}
