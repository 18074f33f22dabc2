/**
 * OpenSSH's expansions of config values: `~`, `${VAR}` and `%x` tokens. `~` and `${VAR}` are known
 * when a line is read; `%h`, `%r`... only once the host is resolved, so values keep their tokens
 * until then (with `%` escaped in what `~` and `${VAR}` brought in, as OpenSSH expands all in one pass).
 */

/** The tokens of OpenSSH's TOKENS section that file paths (IdentityFile, UserKnownHostsFile, IdentityAgent) take. */
export const PATH_TOKENS = 'CdhiklLnpru';
/** HostName takes only %h. */
export const HOSTNAME_TOKENS = 'h';

export type TokenValues = Partial<Record<string, string>>;

/** The first token of `text` that is not in `allowed` (as `%x`), or undefined if all are. */
export function unknownToken(text: string, allowed: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '%') continue;
    const key = text[i + 1];
    if (key === undefined) return '%';
    if (key !== '%' && !allowed.includes(key)) return `%${key}`;
    i++;
  }
  return undefined;
}

/** Replaces `%x` tokens; `text` was checked with {@link unknownToken}. */
export function expandTokens(text: string, values: TokenValues): string {
  return text.replace(/%(.)/g, (_, key: string) => (key === '%' ? '%' : (values[key] ?? '')));
}

/** A `${` without its `}` or a bad variable name, or undefined when `text` is well-formed. */
export function envSyntaxProblem(text: string): string | undefined {
  for (const match of text.matchAll(/\$\{([^}]*)(\}?)/g)) {
    if (match[2] !== '}') return 'a “${” is not closed';
    if (!isEnvName(match[1]!)) return `“${match[1]}” is not an environment variable name`;
  }
  return undefined;
}

export function isEnvName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/**
 * Replaces `${VAR}` (escaping `%` in the values); throws the name of the first unset variable
 * as `{ unset }`. `text` was checked with {@link envSyntaxProblem}.
 */
export function expandEnv(text: string, env: NodeJS.ProcessEnv): { value: string } | { unset: string } {
  let unset: string | undefined;
  const value = text.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    const found = env[name];
    if (found === undefined) unset ??= name;
    return (found ?? '').replaceAll('%', '%%');
  });
  return unset === undefined ? { value } : { unset };
}

/** `~` and `~/...` become the home directory (with `%` escaped); `~user` is refused as undefined. */
export function expandTilde(text: string, homeDir: string): string | undefined {
  if (!text.startsWith('~')) return text;
  if (text !== '~' && !text.startsWith('~/')) return undefined;
  return homeDir.replaceAll('%', '%%') + text.slice(1);
}

const TIME_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** OpenSSH's time format: `90`, `90s`, `1h30m`; seconds, or undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+[smhdw]?)+$/i.test(text)) return undefined;
  let total = 0;
  for (const [, digits, unit] of text.matchAll(/(\d+)([smhdw]?)/gi)) {
    total += Number(digits) * TIME_UNITS[unit!.toLowerCase()]!;
  }
  // Node timers overflow past 2^31 - 1 ms, so longer durations would fire at once.
  return total <= 2_147_483 ? total : undefined;
}
