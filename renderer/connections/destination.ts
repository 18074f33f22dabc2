export interface Destination {
  user?: string;
  host: string;
  port?: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * `[user@]host[:port]` as OpenSSH reads it: the user ends at the last '@', an IPv6 address
 * takes a port only inside brackets (`[::1]:2222`), and a bare IPv6 address has none.
 */
export function parseDestination(text: string): Parsed<Destination> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Enter a host name or address, like deploy@example.com:2222.' };
  if (/\s/.test(trimmed)) return { ok: false, message: 'A destination has no spaces: user@host:port.' };

  const at = trimmed.lastIndexOf('@');
  const user = at >= 0 ? trimmed.slice(0, at) : undefined;
  const rest = at >= 0 ? trimmed.slice(at + 1) : trimmed;
  if (user === '') return { ok: false, message: 'The user name before "@" is empty.' };

  let host = rest;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return { ok: false, message: 'An IPv6 address in brackets needs its closing "]".' };
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return { ok: false, message: 'After "]" only ":port" may follow.' };
    portText = after === '' ? undefined : after.slice(1);
  } else if (rest.split(':').length === 2) {
    [host, portText] = rest.split(':') as [string, string];
  }
  if (host === '') return { ok: false, message: 'The host name is empty.' };

  const destination: Destination = { host };
  if (user !== undefined) destination.user = user;
  if (portText !== undefined) {
    const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
    if (!(port >= 1 && port <= 65535)) return { ok: false, message: `"${portText}" is not a port; use a number from 1 to 65535.` };
    destination.port = port;
  }
  return { ok: true, value: destination };
}

/** How a destination is written back: IPv6 hosts in brackets when a port follows. */
export function formatDestination({
  user,
  destination,
  host,
  port,
}: {
  user?: string | undefined;
  destination?: string;
  host?: string;
  port?: number | undefined;
}): string {
  const name = host ?? destination ?? '';
  const shownHost = name.includes(':') && port !== undefined ? `[${name}]` : name;
  return `${user !== undefined && user !== '' ? `${user}@` : ''}${shownHost}${port !== undefined ? `:${port}` : ''}`;
}

/** A -J list: destinations separated by commas, each checked like a destination. */
export function parseJumpList(text: string): Parsed<string | undefined> {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) return { ok: true, value: undefined };
  for (const part of parts) {
    const parsed = parseDestination(part);
    if (!parsed.ok) return { ok: false, message: `Jump host "${part}": ${parsed.message}` };
  }
  return { ok: true, value: parts.join(',') };
}
