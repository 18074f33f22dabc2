import os from 'node:os';
import path from 'node:path';
import { toAppError } from '../../shared/errors';
import type { HopSpec } from '../../shared/model';
import { resolveHops } from '../ssh/config/ssh-config';
import { evaluateConfig } from '../ssh/config/ssh-config-evaluate';
import { type ConfigFile, loadConfigTree } from '../ssh/config/ssh-config-include';
import { emptySettings } from '../ssh/config/ssh-config-settings';
import { destinationText } from './import-plan';
import { cleanName, MAX_IMPORT_ENTRIES, ScanBuilder, type SourceScan } from './imported-host';

export interface ConfigHostsOptions {
  /** Default ~/.ssh/config. */
  configFile?: string;
  /** Default /etc/ssh/ssh_config (read after the user's file, as OpenSSH does); for tests. */
  systemConfigFile?: string;
  /** Where HOME comes from; process.env unless a test isolates it. */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/**
 * The `Host` entries of ~/.ssh/config (and the files it includes) that name one host — no
 * wildcard, no negation — each with its settings resolved as `ssh ALIAS` would: Include, Match,
 * first value wins, HostName, User, Port, IdentityFile, ProxyJump. A jump host that is not an
 * entry of its own (`ProxyJump me@10.0.0.1:2200`) comes as an entry marked isJumpOnly.
 */
export async function scanConfigHosts(options: ConfigHostsOptions = {}): Promise<SourceScan & { files: string[] }> {
  const { env, homeDir, configFile, systemConfigFile, user, files } = await loadConfig(options);
  const scan = new ScanBuilder();
  const resolved = new Map<string, HopSpec[]>();
  const aliases = user ? concreteAliases(user) : [];
  for (const alias of aliases) {
    try {
      resolved.set(alias, await resolveHops({ destination: alias, configFile, systemConfigFile, env }));
    } catch (error) {
      scan.skip(alias, toAppError(error).message);
    }
  }
  const defaults = DEFAULT_IDENTITIES.map((name) => path.join(homeDir, '.ssh', name));
  const explicitIdentities = (hop: HopSpec) => (sameList(hop.identityFiles, defaults) ? [] : hop.identityFiles);
  for (const [alias, hops] of resolved) {
    const destination = hops.at(-1)!;
    // What the files themselves set: the local user name and port 22 are not written into a saved host.
    const settings = emptySettings();
    evaluateConfig(files, settings, { originalHost: alias, localUser: destination.user, isFinalPass: false }, { homeDir, env });
    // The entry's own ProxyJump list: the last hops before it (the first one's own chain comes before them).
    const directs = settings.proxyJump?.kind === 'hops' ? settings.proxyJump.hops : [];
    const jumpHops = hops.slice(hops.length - 1 - directs.length, -1);
    const jump = directs.map((target, index) => {
      const hop = jumpHops[index]!;
      const own = resolved.get(hop.alias)?.at(-1);
      if (own && own.host === hop.host && own.port === hop.port && own.user === hop.user) return hop.alias;
      const key = destinationText(target);
      if (!scan.has(key) && !resolved.has(key)) {
        // What ProxyJump and the files say of it, without the local user name and port 22.
        const written = { ...emptySettings(), user: target.user, port: target.port };
        evaluateConfig(files, written, { originalHost: target.host, localUser: hop.user, isFinalPass: false }, { homeDir, env });
        scan.add({
          key,
          name: cleanName(key),
          host: hop.host,
          port: written.port,
          user: written.user,
          identityFiles: explicitIdentities(hop),
          isJumpOnly: true,
        });
      }
      return key;
    });
    scan.add({
      key: alias,
      name: cleanName(alias),
      host: destination.host,
      port: settings.port,
      user: settings.user,
      identityFiles: explicitIdentities(destination),
      jump,
    });
  }
  return { ...scan.build(), files: [...new Set(files.flatMap(filesOf))] };
}

/** ~/.ssh/config, every file it includes and the paths (globs too) of its Includes: what a watcher watches. */
export async function configFiles(options: ConfigHostsOptions = {}): Promise<string[]> {
  return [...new Set((await loadConfig(options)).files.flatMap(filesOf))];
}

async function loadConfig(options: ConfigHostsOptions) {
  const env = options.env ?? process.env;
  const homeDir = env.HOME || os.homedir();
  const configFile = options.configFile ?? path.join(homeDir, '.ssh', 'config');
  const systemConfigFile = options.systemConfigFile ?? '/etc/ssh/ssh_config';
  const tree = { homeDir, systemDir: path.dirname(systemConfigFile) };
  const user = await loadConfigTree(configFile, { ...tree, isUserConfig: true, isPermissionChecked: true });
  const system = await loadConfigTree(systemConfigFile, { ...tree, isUserConfig: false, isPermissionChecked: false });
  const files = [user, system].filter((file): file is ConfigFile => file !== undefined);
  return { env, homeDir, configFile, systemConfigFile, user, files };
}

/** Host lines' patterns that name one host, in file order (Includes where they stand), each once. */
export function concreteAliases(file: ConfigFile): string[] {
  const aliases = new Set<string>();
  const walk = (config: ConfigFile) => {
    for (const line of config.lines) {
      if (aliases.size >= MAX_IMPORT_ENTRIES) return;
      if (line.keyword === 'include') (line.included ?? []).forEach(walk);
      if (line.keyword !== 'host' || line.args.some((arg) => arg.startsWith('!'))) continue;
      for (const arg of line.args) if (arg !== '' && !/[*?,@\s]/.test(arg)) aliases.add(arg);
    }
  };
  walk(file);
  return [...aliases];
}

/**
 * Every file read, Includes too, and each Include's own path or glob (`~/.ssh/conf.d/*`): what a
 * watcher has to watch, so that a file created later where an Include points is noticed.
 */
function filesOf(file: ConfigFile): string[] {
  return [file.path, ...file.lines.flatMap((line) => [...(line.patterns ?? []), ...(line.included ?? []).flatMap(filesOf)])];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
