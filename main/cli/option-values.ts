import type { AppError } from '../../shared/errors';

/** A port given on the command line (-p for ssh, -P for cp), as OpenSSH accepts it. */
export function parsePortValue(value: string, fail: (message: string) => AppError): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw fail(`Bad port "${value}"`);
  return port;
}

/** Adds one -o Key=Value (or "Key Value"); keys are case-insensitive and, as in OpenSSH, the first value wins. */
export function addSshOption(options: Record<string, string>, value: string, fail: (message: string) => AppError): void {
  const match = /^\s*([A-Za-z0-9]+)\s*(?:=|\s)\s*(.*)$/.exec(value);
  if (!match || match[2] === '') throw fail(`Bad -o option "${value}" (expected Key=Value)`);
  const key = match[1]!.toLowerCase();
  if (!(key in options)) options[key] = match[2]!.trim();
}

/**
 * OpenSSH's scan of short options: flags may be grouped (-tt, -vvv), values attached (-p2222,
 * -oKey=Value) or separate; options end at the first operand (or `--`), whose index is returned.
 * `apply` gets each flag, with its value when the flag is one of `withValue`.
 */
export function scanShortOptions(
  argv: readonly string[],
  withValue: ReadonlySet<string>,
  apply: (flag: string, value?: string) => void,
  fail: (message: string) => AppError,
): number {
  let i = 0;
  for (; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return i + 1;
    if (!word.startsWith('-') || word === '-') break;
    for (let j = 1; j < word.length; j++) {
      const flag = word[j]!;
      if (withValue.has(flag)) {
        let value = word.slice(j + 1);
        if (value === '') {
          value = argv[++i] ?? '';
          if (value === '') throw fail(`Option -${flag} needs a value`);
        }
        apply(flag, value);
        break;
      }
      apply(flag);
    }
  }
  return i;
}
