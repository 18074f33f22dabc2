import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sanitizeUntrusted } from '../../shared/base/untrusted-text';
import { AppError } from '../../shared/errors';
import { type ImportAction, type ImportPreview, type ImportRequest, ImportSourceKind } from '../../shared/model/host-import';
import { errnoCode } from '../base/errno';
import type { HostImportService } from '../import/host-import-service';
import type { ConfigHostsOptions } from '../import/ssh-config-hosts';
import type { CliIo } from './cli-io';

const MAX_FILE_BYTES = 4 * 1024 * 1024;
const KIND_NAMES: Record<ImportSourceKind, string> = {
  'ssh-config': 'ssh config',
  putty: 'PuTTY sessions',
  mobaxterm: 'MobaXterm sessions',
  tabby: 'Tabby profiles',
};

export interface ImportArgs {
  /** The file to read; absent with --ssh-config. */
  file?: string;
  /** --from, or --ssh-config (which reads ~/.ssh/config and its includes). */
  kind?: ImportSourceKind;
  isDryRun: boolean;
  /** The entries to import (their names or keys); none: everything importable. */
  names: string[];
}

const USAGE = 'jumpgate hosts import FILE|--ssh-config [--from putty|mobaxterm|tabby|ssh-config] [--dry-run] [NAME ...]';

export function parseImportArgs(argv: string[]): ImportArgs {
  const fail = (message: string) => new AppError('INVALID_ARGUMENT', `${message}. Usage: ${USAGE}`);
  const args: ImportArgs = { isDryRun: false, names: [] };
  let isSshConfig = false;
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const [flag, inline] = word.startsWith('--') ? (word.split(/=(.*)/s, 2) as [string, string | undefined]) : [word, undefined];
    if (flag === '--ssh-config') isSshConfig = true;
    else if (flag === '--dry-run') args.isDryRun = true;
    else if (flag === '--from') {
      const value = inline ?? argv[++i];
      const kind = ImportSourceKind.safeParse(value);
      if (!kind.success) throw fail(`--from takes putty, mobaxterm, tabby or ssh-config, not "${value ?? ''}"`);
      args.kind = kind.data;
    } else if (word.startsWith('-') && word !== '-') throw fail(`Unknown option ${word}`);
    else positionals.push(word);
  }
  if (isSshConfig) {
    if (args.kind !== undefined && args.kind !== 'ssh-config') throw fail('--ssh-config reads ~/.ssh/config; give --from only with a file');
    return { ...args, kind: 'ssh-config', names: positionals };
  }
  const [file, ...names] = positionals;
  if (file === undefined) throw fail('Name the file to import from, or --ssh-config');
  return { ...args, file, names };
}

/** What kind of file this is, from what it holds; undefined when it looks like none of them. */
export function detectKind(text: string): ImportSourceKind | undefined {
  if (/\[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\/i.test(text)) return 'putty';
  if (/^\s*\[Bookmarks(_\d+)?\]\s*$/im.test(text)) return 'mobaxterm';
  if (/^profiles\s*:/m.test(text)) return 'tabby';
  if (/^\s*(Host|Match)\s+\S/im.test(text)) return 'ssh-config';
  return undefined;
}

/** A file as text: `reg export` writes UTF-16 with a byte-order mark, the others UTF-8. */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

function readImportFile(file: string): string {
  try {
    if (statSync(file).size > MAX_FILE_BYTES) throw new AppError('INVALID_ARGUMENT', `${file} is larger than 4 MiB; it is not a file of saved sessions.`);
    return decodeText(readFileSync(file));
  } catch (error) {
    if (AppError.is(error)) throw error;
    const why = errnoCode(error) === 'ENOENT' ? 'there is no such file' : errnoCode(error) === 'EACCES' ? 'permission denied' : 'it cannot be read';
    throw new AppError('INVALID_ARGUMENT', `Could not read ${file}: ${why}.`, { details: { file } });
  }
}

/**
 * `jumpgate hosts import`: the app's import from the command line. Prints the preview (create,
 * update, unchanged or skip, with the reason), then saves (unless --dry-run) every importable entry
 * or the ones named. Passwords other clients kept are never imported here. Exit 1 when an entry
 * that was named is skipped.
 */
export async function runHostsImport(argv: string[], io: CliIo, serviceFor: (options: ConfigHostsOptions) => HostImportService): Promise<number> {
  const args = parseImportArgs(argv);
  let request: ImportRequest;
  let service: HostImportService;
  let label: string;
  if (args.file === undefined) {
    request = { source: 'ssh-config' };
    service = serviceFor({});
    label = '~/.ssh/config';
  } else {
    const text = readImportFile(args.file);
    const kind = args.kind ?? detectKind(text);
    if (kind === undefined)
      throw new AppError(
        'INVALID_ARGUMENT',
        `${args.file} is not a file Jumpgate recognises (a PuTTY .reg export, MobaXterm sessions, Tabby's config.yaml or an ssh config); say which with --from.`,
      );
    request = kind === 'ssh-config' ? { source: kind } : { source: kind, text };
    service = serviceFor(kind === 'ssh-config' ? { configFile: path.resolve(args.file) } : {});
    label = `${args.file} (${KIND_NAMES[kind]})`;
  }
  const everything = await service.preview(request);
  const keys = args.names.length > 0 ? args.names.map((name) => keyOf(name, everything, label)) : importable(everything.actions);
  const preview = args.names.length > 0 ? await service.preview(request, keys) : everything;
  const actions = args.isDryRun || keys.length === 0 ? preview.actions : (await service.import({ ...request, keys })).actions;
  io.stdout.write(`${args.isDryRun ? 'Would import' : 'Imported'} from ${label}:\n${describeActions(actions, preview.skipped)}`);
  io.stdout.write(`${summary(actions, preview.skipped.length, args.isDryRun, keys.length === 0)}\n`);
  const withPassword = actions.filter((action) => action.hasPassword && action.action !== 'skip').length;
  if (withPassword > 0)
    io.stdout.write(
      `The file holds a password for ${withPassword === 1 ? 'one entry' : `${withPassword} entries`}; the command line does not import passwords. To keep ${withPassword === 1 ? 'it' : 'them'} in the vault, import the file in the Jumpgate app with the vault unlocked; otherwise you are asked when connecting.\n`,
    );
  const isNamedSkipped = args.names.length > 0 && actions.some((action) => keys.includes(action.key) && action.action === 'skip');
  return isNamedSkipped ? 1 : 0;
}

function keyOf(name: string, preview: ImportPreview, label: string): string {
  const action = preview.actions.find((candidate) => candidate.key === name) ?? preview.actions.find((candidate) => candidate.name === name);
  if (action) return action.key;
  const names = preview.actions.map((candidate) => candidate.name);
  const list = names.length > 20 ? `${names.slice(0, 20).join(', ')}, …` : names.join(', ');
  throw new AppError('INVALID_ARGUMENT', `"${name}" is not an entry of ${label}.${names.length > 0 ? ` Its entries are: ${list}.` : ' It has none.'}`, {
    details: { name },
  });
}

function importable(actions: ImportAction[]): string[] {
  return actions.filter((action) => action.action !== 'skip').map((action) => action.key);
}

/** One line per entry: what happens, its name, where it goes (or why it is skipped); its warnings below. */
function describeActions(actions: ImportAction[], skipped: ImportPreview['skipped']): string {
  const lines = [
    ...actions.map((action) => ({
      verb: action.action,
      name: action.name,
      text: action.action === 'skip' ? (action.reason ?? '') : `${action.summary}${action.hasPassword ? ' (password not imported)' : ''}`,
      // The app's word on a password (choose the vault) is said below in the command line's terms.
      warnings: action.warnings.filter((warning) => !(action.hasPassword && warning.startsWith('A password is stored'))),
    })),
    ...skipped.map((entry) => ({ verb: 'skip', name: entry.name, text: entry.reason, warnings: [] as string[] })),
  ];
  const width = Math.min(32, Math.max(0, ...lines.map((line) => [...line.name].length)));
  return lines
    .map((line) => {
      const head = `  ${line.verb.padEnd(9)}  ${sanitizeUntrusted(line.name).padEnd(width)}  ${sanitizeUntrusted(line.text)}`.trimEnd();
      return [head, ...line.warnings.map((warning) => `  ${' '.repeat(9)}  ${' '.repeat(width)}  note: ${sanitizeUntrusted(warning)}`)].join('\n');
    })
    .map((line) => `${line}\n`)
    .join('');
}

function summary(actions: ImportAction[], skippedInFile: number, isDryRun: boolean, isNothing: boolean): string {
  const count = (kind: ImportAction['action']) => actions.filter((action) => action.action === kind).length;
  const skipped = count('skip') + skippedInFile;
  const parts = [`${count('create')} new`, `${count('update')} updated`, `${count('unchanged')} unchanged`, `${skipped} skipped`];
  if (isNothing) return `Nothing to import (${skipped} skipped).`;
  return isDryRun ? `Nothing was saved (--dry-run): ${parts.join(', ')}.` : `Saved hosts: ${parts.join(', ')}.`;
}
