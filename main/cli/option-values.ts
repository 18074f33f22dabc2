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
