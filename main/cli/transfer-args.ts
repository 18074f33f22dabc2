import { addSshOption, parsePortValue } from './option-values';
import { AppError } from '../../shared/errors';

export interface TransferArgs {
  /** Flags seen, by letter or long name; counts for repeatable ones (-v). */
  flags: Map<string, number>;
  /** Long options with values (--conflict=skip). */
  values: Map<string, string>;
  port?: number;
  identityFiles: string[];
  jump?: string;
  configFile?: string;
  options: Record<string, string>;
  verbosity: number;
  quiet: boolean;
  positionals: string[];
}

/** Flags that take a value, as scp's: -P port (not -p, which is "preserve"), -J, -i, -F, -o. */
const WITH_VALUE = new Set(['P', 'J', 'i', 'F', 'o']);

/**
 * Parses `cp`/`sftp` arguments: grouped short flags (-rp), values attached or separate, long
 * options (--resume, --conflict=skip), and positionals anywhere (a lone `--` ends the flags).
 */
export function parseTransferArgs(argv: string[], allowed: { short: string; long: string[]; usage: string }): TransferArgs {
  const args: TransferArgs = { flags: new Map(), values: new Map(), identityFiles: [], options: {}, verbosity: 0, quiet: false, positionals: [] };
  const fail = (message: string) => new AppError('INVALID_ARGUMENT', `${message}. Usage: ${allowed.usage}`);
  let isFlagsDone = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (isFlagsDone || !word.startsWith('-') || word === '-') {
      args.positionals.push(word);
      continue;
    }
    if (word === '--') {
      isFlagsDone = true;
      continue;
    }
    if (word.startsWith('--')) {
      const [name = '', value] = word.slice(2).split(/=(.*)/s, 2);
      if (!allowed.long.includes(name)) throw fail(`Unknown option --${name}`);
      if (value !== undefined) args.values.set(name, value);
      else args.flags.set(name, (args.flags.get(name) ?? 0) + 1);
      continue;
    }
    for (let j = 1; j < word.length; j++) {
      const flag = word[j]!;
      if (WITH_VALUE.has(flag)) {
        let value = word.slice(j + 1);
        if (value === '') {
          value = argv[++i] ?? '';
          if (value === '') throw fail(`Option -${flag} needs a value`);
        }
        applyValue(args, flag, value, fail);
        break;
      }
      if (flag === 'v') args.verbosity++;
      else if (flag === 'q') args.quiet = true;
      else if (allowed.short.includes(flag)) args.flags.set(flag, (args.flags.get(flag) ?? 0) + 1);
      else throw fail(`Unknown option -${flag}`);
    }
  }
  return args;
}

function applyValue(args: TransferArgs, flag: string, value: string, fail: (m: string) => AppError): void {
  switch (flag) {
    case 'P':
      args.port = parsePortValue(value, fail);
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
    case 'o':
      addSshOption(args.options, value, fail);
      break;
  }
}
