import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { PromptBroker } from '../prompts/prompt-broker';
import { resolveTarget } from '../ssh/config/connect-target';
import { type ConnectionLease, SshConnector } from '../ssh/connect/ssh-connector';
import { type InstallMode, installAuthorizedKey } from '../keys/authorized-keys-install';
import { readSmallText } from '../keys/key-files';
import { parsePublicKeyLine, type PublicKey } from '../keys/public-key';
import { type CliIo, formatError } from './cli-io';
import { SavedHosts } from './saved-hosts';
import { cliTarget } from './saved-target';
import { addSshOption, parsePortValue, scanShortOptions } from './option-values';
import { cliObserver, EXIT_FAILURE } from './ssh-command';
import { createTerminalPrompter } from './terminal-prompter';

export const COPY_ID_USAGE = 'jumpgate copy-id [-fnqv] [-i key.pub] [-J hops] [-p port] [-l user] [-F config] [-o Key=Value] [user@]host';

interface CopyIdArgs {
  destination: string;
  keyFile?: string;
  /** -f: append without looking for the key first, and without its private key beside it. */
  isForced: boolean;
  /** -n: say what would be added, change nothing. */
  isDryRun: boolean;
  port?: number;
  user?: string;
  jump?: string;
  configFile?: string;
  options: Record<string, string>;
  verbosity: number;
  quiet: boolean;
}

/**
 * `jumpgate copy-id`, as OpenSSH's ssh-copy-id: installs one public key in ~/.ssh/authorized_keys
 * on the host (through any jump chain), once; the connection signs in as `jumpgate ssh` would.
 */
export async function runCopyIdCommand(argv: string[], io: CliIo): Promise<number> {
  let connector: SshConnector | undefined;
  let lease: ConnectionLease | undefined;
  try {
    const args = parseCopyIdArgs(argv);
    const { path, key } = await chooseKey(args, io.env);
    // A saved host's name connects as that host (its user, port, keys and jump hosts), as in `jumpgate ssh`.
    const saved = SavedHosts.open(io, { isLookupOnly: true });
    const { target } = cliTarget(args.destination, { ...args, identityFiles: [] }, saved);
    const hops = await resolveTarget(target, { env: io.env, findProfile: saved.findProfile });
    connector = new SshConnector({ broker: new PromptBroker(createTerminalPrompter(io.env)), observer: cliObserver(args, io) });
    lease = await connector.connect(hops);
    const mode: InstallMode = args.isDryRun ? 'check' : args.isForced ? 'force' : 'add';
    const outcome = args.isForced && args.isDryRun ? 'absent' : await installAuthorizedKey(lease.connection, key, mode);
    const where = lease.connection.label;
    if (outcome === 'present') io.stdout.write(`The key ${path} is already installed on ${where}; nothing was added.\n`);
    else if (outcome === 'absent') io.stdout.write(`1 key would be added to ${where} (${path}); nothing was changed (-n).\n`);
    else io.stdout.write(`1 key added to ${where} (${path}).\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`${formatError(error)}\n`);
    return EXIT_FAILURE;
  } finally {
    lease?.dispose();
    connector?.dispose();
  }
}

function usageError(message: string): AppError {
  return new AppError('INVALID_ARGUMENT', `${message}. Usage: ${COPY_ID_USAGE}`);
}

const WITH_VALUE = new Set(['i', 'J', 'p', 'l', 'F', 'o']);

function parseCopyIdArgs(argv: string[]): CopyIdArgs {
  const args: CopyIdArgs = { destination: '', isForced: false, isDryRun: false, options: {}, verbosity: 0, quiet: false };
  const i = scanShortOptions(
    argv,
    WITH_VALUE,
    (flag, value) => {
      if (value !== undefined) applyValue(args, flag, value);
      else if (flag === 'f') args.isForced = true;
      else if (flag === 'n') args.isDryRun = true;
      else if (flag === 'v') args.verbosity++;
      else if (flag === 'q') args.quiet = true;
      else throw usageError(`Unknown option -${flag}`);
    },
    usageError,
  );
  const destination = argv[i];
  if (!destination) throw usageError('No destination given');
  if (i + 1 < argv.length) throw usageError(`Unexpected "${argv[i + 1]}" after the destination`);
  args.destination = destination;
  return args;
}

function applyValue(args: CopyIdArgs, flag: string, value: string): void {
  if (flag === 'i') args.keyFile = value;
  else if (flag === 'J') args.jump = value;
  else if (flag === 'p') args.port = parsePortValue(value, usageError);
  else if (flag === 'l') args.user = value;
  else if (flag === 'F') args.configFile = value;
  else addSshOption(args.options, value, usageError);
}

/**
 * The key to install, as ssh-copy-id picks it: -i names it (.pub is added to a name without it),
 * else the newest ~/.ssh/id*.pub. Its private key must be beside it unless -f.
 */
async function chooseKey(args: CopyIdArgs, env: NodeJS.ProcessEnv): Promise<{ path: string; key: PublicKey }> {
  const home = env.HOME || os.homedir();
  const expand = (file: string) => (file === '~' || file.startsWith('~/') ? join(home, file.slice(1)) : file);
  const path = args.keyFile === undefined ? await newestDefaultKey(join(home, '.ssh')) : withPub(expand(args.keyFile));
  const text = await readSmallText(path);
  const key = text === undefined ? undefined : parsePublicKeyLine(text);
  if (!key) throw new AppError('KEY_UNREADABLE', `${path} is not a public key file (or cannot be read); name one with -i.`, { details: { file: path } });
  if (!args.isForced && !(await exists(path.slice(0, -'.pub'.length)))) {
    throw new AppError(
      'KEY_UNREADABLE',
      `${path.slice(0, -4)}, the private key of ${path}, is missing; without it the key cannot sign in (-f installs it anyway).`,
      {
        details: { file: path },
      },
    );
  }
  return { path, key };
}

function withPub(path: string): string {
  return path.endsWith('.pub') ? path : `${path}.pub`;
}

async function newestDefaultKey(sshDir: string): Promise<string> {
  let newest: { path: string; mtimeMs: number } | undefined;
  const names = await readdir(sshDir).catch(() => [] as string[]);
  for (const name of names.filter((candidate) => candidate.startsWith('id') && candidate.endsWith('.pub'))) {
    const path = join(sshDir, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile() && (!newest || info.mtimeMs > newest.mtimeMs)) newest = { path, mtimeMs: info.mtimeMs };
  }
  if (!newest) throw new AppError('KEY_UNREADABLE', `There is no ${sshDir}/id*.pub to install; make a key in the app's Keys page, or name one with -i.`);
  return newest.path;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
