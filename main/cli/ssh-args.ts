import { addSshOption, parsePortValue, scanShortOptions } from './option-values';
import { AppError } from '../../shared/errors';
import { type ForwardKind, type ForwardSpec, parseForward } from '../../shared/model/forward-spec';
import type { ConnectionSpec } from '../../shared/model/connection-spec';

export interface SshArgs {
  destination: string;
  command: string[];
  port?: number;
  user?: string;
  identityFiles: string[];
  jump?: string;
  configFile?: string;
  options: Record<string, string>;
  forwardAgent: boolean;
  /** -t count: 1 asks for a pty when there is a terminal, 2 forces one. */
  ttyForce: number;
  noTty: boolean;
  noCommand: boolean;
  /** -n: stdin from /dev/null. */
  noStdin: boolean;
  verbosity: number;
  quiet: boolean;
  /** -L, -R and -D, in the order given. */
  forwards: ForwardSpec[];
}

/** The connection flags as a spec: `-p`, `-l`, `-J`, `-i`, `-o`, `-F` and `-A` mean what OpenSSH says. */
export function specOfArgs(
  destination: string,
  args: Pick<SshArgs, 'port' | 'user' | 'jump' | 'identityFiles' | 'options' | 'configFile'> & { forwardAgent?: boolean },
): ConnectionSpec {
  return {
    destination,
    port: args.port,
    user: args.user,
    jump: args.jump,
    identityFiles: args.identityFiles,
    options: args.options,
    forwardAgent: args.forwardAgent ?? false,
    configFile: args.configFile,
  };
}

/** Flags that take a value, as in OpenSSH. */
const WITH_VALUE = new Set(['p', 'l', 'i', 'J', 'F', 'o', 'L', 'R', 'D']);
const FORWARD_FLAGS: Record<string, ForwardKind> = { L: 'local', R: 'remote', D: 'dynamic' };
const BOOLEAN = new Set(['A', 'a', 't', 'T', 'N', 'n', 'v', 'q']);

function usageError(message: string): AppError {
  return new AppError(
    'INVALID_ARGUMENT',
    `${message}. Usage: jumpgate ssh [-AatTNnqv] [-p port] [-l user] [-i identity] [-J hops] [-F config] [-o Key=Value] [-L|-R|-D forward] [user@]host[:port] [command ...]`,
  );
}

/**
 * Parses OpenSSH's command line: short flags may be grouped (-tt, -vvv), values attached
 * (-p2222, -oKey=Value) or separate; options end at the destination, and every word after it
 * is the remote command.
 */
export function parseSshArgs(argv: string[]): SshArgs {
  const args: SshArgs = {
    destination: '',
    command: [],
    identityFiles: [],
    options: {},
    forwardAgent: false,
    ttyForce: 0,
    noTty: false,
    noCommand: false,
    noStdin: false,
    verbosity: 0,
    quiet: false,
    forwards: [],
  };
  const i = scanShortOptions(
    argv,
    WITH_VALUE,
    (flag, value) => {
      if (value !== undefined) applyValue(args, flag, value);
      else if (BOOLEAN.has(flag)) applyFlag(args, flag);
      else throw usageError(`Unknown option -${flag}`);
    },
    usageError,
  );
  const destination = argv[i];
  if (!destination) throw usageError('No destination given');
  args.destination = destination;
  args.command = argv.slice(i + 1);
  return args;
}

function applyFlag(args: SshArgs, flag: string): void {
  switch (flag) {
    case 'A':
      args.forwardAgent = true;
      break;
    case 'a':
      args.forwardAgent = false;
      break;
    case 't':
      args.ttyForce++;
      break;
    case 'T':
      args.noTty = true;
      break;
    case 'N':
      args.noCommand = true;
      break;
    case 'n':
      args.noStdin = true;
      break;
    case 'v':
      args.verbosity++;
      break;
    case 'q':
      args.quiet = true;
      break;
  }
}

function applyValue(args: SshArgs, flag: string, value: string): void {
  switch (flag) {
    case 'p':
      args.port = parsePortValue(value, usageError);
      break;
    case 'l':
      args.user = value;
      break;
    case 'i':
      args.identityFiles.push(value);
      break;
    case 'J':
      args.jump = value;
      break;
    case 'F':
      args.configFile = value;
      break;
    case 'L':
    case 'R':
    case 'D':
      try {
        args.forwards.push(parseForward(FORWARD_FLAGS[flag]!, value));
      } catch (error) {
        throw usageError(`Bad -${flag} "${value}": ${(error as Error).message}`);
      }
      break;
    case 'o':
      addSshOption(args.options, value, usageError);
      break;
  }
}
