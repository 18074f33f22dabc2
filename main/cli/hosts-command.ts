import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { HostImportService } from '../import/host-import-service';
import { type ConfigHostsOptions, scanConfigHosts } from '../import/ssh-config-hosts';
import { hostBlock } from '../import/export-host';
import { dataDir } from '../storage/data-dir';
import { Vault } from '../storage/vault';
import { type CliIo, formatError } from './cli-io';
import { runHostsImport } from './hosts-import';
import { configHostsTable, hostsJson, hostsTable } from './hosts-list';
import { SavedHosts } from './saved-hosts';

const EXIT_FAILURE = 255;

export const HOSTS_HELP = `  jumpgate hosts list [--json] [--ssh-config]   (saved hosts; --ssh-config adds ~/.ssh/config's)
  jumpgate hosts import FILE|--ssh-config [--from putty|mobaxterm|tabby|ssh-config] [--dry-run] [NAME ...]
  jumpgate hosts export NAME ...            (a saved host as a ~/.ssh/config Host block)
`;

/** `jumpgate hosts …`: the app's saved hosts, from the same store. */
export async function runHostsCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  let service: HostImportService | undefined;
  try {
    const saved = SavedHosts.open(io, { isLookupOnly: sub !== 'import' });
    const serviceFor = (options: ConfigHostsOptions) =>
      (service = new HostImportService({ profiles: saved.profiles, vault: new Vault({ file: join(dataDir(io.env), 'vault.json') }), env: io.env, ...options }));
    switch (sub) {
      case 'list':
      case 'ls':
        return await listHosts(saved, rest, io);
      case 'export':
        return exportHosts(saved, rest, io);
      case 'import':
        return await runHostsImport(rest, io, serviceFor);
      case undefined:
        throw new AppError('INVALID_ARGUMENT', `Say what to do with the saved hosts: list, import or export. Usage:\n${HOSTS_HELP}`);
      default:
        throw new AppError('INVALID_ARGUMENT', `Unknown hosts command "${sub}". Usage:\n${HOSTS_HELP}`);
    }
  } catch (error) {
    io.stderr.write(`${formatError(error)}\n`);
    return EXIT_FAILURE;
  } finally {
    service?.dispose();
  }
}

async function listHosts(saved: SavedHosts, argv: string[], io: CliIo): Promise<number> {
  for (const word of argv)
    if (word !== '--json' && word !== '--ssh-config') throw new AppError('INVALID_ARGUMENT', `Unknown option ${word}. Usage:\n${HOSTS_HELP}`);
  const isJson = argv.includes('--json');
  const config = argv.includes('--ssh-config') ? (await scanConfigHosts({ env: io.env })).hosts.filter((entry) => !entry.isJumpOnly) : undefined;
  const json = hostsJson(saved.list(), saved.findProfile, config);
  if (isJson) {
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  // A terminal's width; in a pipe COLUMNS, else nothing is cut (scripts: --json).
  const width = io.stdout.isTTY ? io.stdout.columns : Number(io.env.COLUMNS) > 0 ? Number(io.env.COLUMNS) : undefined;
  if (json.hosts.length > 0) io.stdout.write(hostsTable(json, width, new Date()));
  else io.stdout.write('No saved hosts. Add them in the app, or import them: jumpgate hosts import --ssh-config\n');
  if (config) {
    io.stdout.write(`\nFrom ~/.ssh/config (read-only; connect by alias, or save with: jumpgate hosts import --ssh-config ALIAS):\n`);
    io.stdout.write(config.length > 0 ? configHostsTable(json, width) : 'No concrete Host entries.\n');
  }
  return 0;
}

function exportHosts(saved: SavedHosts, names: string[], io: CliIo): number {
  if (names.length === 0) throw new AppError('INVALID_ARGUMENT', `Name the saved host to export. Usage:\n${HOSTS_HELP}`);
  // What hosts.export gives the app: jump hosts saved by reference are written as their addresses.
  const blocks = names.map((name) => hostBlock(saved.require(name), saved.findProfile));
  io.stdout.write(blocks.join('\n'));
  return 0;
}
