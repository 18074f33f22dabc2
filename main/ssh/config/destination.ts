import { AppError } from '../../../shared/errors';

/** A host as typed on the command line or in a ProxyJump list. */
export interface Destination {
  user?: string;
  host: string;
  port?: number;
}

/** Either the destination, or a sentence saying what is wrong with the text. */
export type DestinationCheck = { ok: true; value: Destination } | { ok: false; problem: string };

/** Parsed `[user@]host[:port]` or `ssh://user@host:port` (IPv6 in brackets: `[::1]:2222`). */
export function parseDestination(text: string): Destination {
  const checked = checkDestination(text);
  if (!checked.ok) throw new AppError('INVALID_ARGUMENT', `“${text}” is not a destination: ${checked.problem}.`, { details: { destination: text } });
  return checked.value;
}

/** A `-J` / ProxyJump list: comma-separated destinations, in connection order. */
export function checkJumpList(text: string): { ok: true; value: Destination[] } | { ok: false; problem: string } {
  const hops: Destination[] = [];
  for (const entry of text.split(',')) {
    const checked = checkDestination(entry.trim());
    if (!checked.ok) return { ok: false, problem: entry.trim() === '' ? 'an entry of the list is empty' : `“${entry.trim()}”: ${checked.problem}` };
    hops.push(checked.value);
  }
  return { ok: true, value: hops };
}

/**
 * Like OpenSSH, the user is everything before the last '@' (user names may hold one). Unlike
 * OpenSSH, a plain `host:port` is accepted; a bare IPv6 address (two or more colons) has no port.
 */
export function checkDestination(text: string): DestinationCheck {
  if (text === '') return { ok: false, problem: 'it is empty' };
  if (/^ssh:\/\//i.test(text)) return checkSshUri(text.slice('ssh://'.length));
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? text.slice(0, at) : undefined;
  const hostPort = text.slice(at + 1);
  let host = hostPort;
  let port: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return { ok: false, problem: 'the “[” before the address is not closed' };
    host = hostPort.slice(1, close);
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return { ok: false, problem: 'only “:port” may follow “]”' };
    if (after !== '') port = after.slice(1);
  } else if (countColons(hostPort) === 1) {
    [host, port] = hostPort.split(':') as [string, string];
  }
  return assemble(user, host, port);
}

/** `ssh://[user[;params]@]host[:port][/]` (RFC 3986 / draft-ietf-secsh-scp-sftp-ssh-uri). */
function checkSshUri(rest: string): DestinationCheck {
  const authority = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  if (/[/?#]/.test(authority)) return { ok: false, problem: 'an ssh:// address takes no path, query or fragment' };
  const at = authority.lastIndexOf('@');
  let user: string | undefined;
  if (at >= 0) {
    const userInfo = authority.slice(0, at).split(';')[0]!;
    try {
      user = decodeURIComponent(userInfo);
    } catch {
      return { ok: false, problem: 'the user name has a broken %-escape' };
    }
  }
  const hostPort = authority.slice(at + 1);
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*))(?::([^:]*))?$/.exec(hostPort);
  if (!match) return { ok: false, problem: 'an IPv6 address must be written in brackets, as in ssh://[::1]:22' };
  return assemble(user, match[1] ?? match[2] ?? '', match[3]);
}

function assemble(user: string | undefined, host: string, port: string | undefined): DestinationCheck {
  if (user !== undefined) {
    const problem = userProblem(user);
    if (problem) return { ok: false, problem };
  }
  const problem = hostProblem(host);
  if (problem) return { ok: false, problem };
  const destination: Destination = { host };
  if (user !== undefined) destination.user = user;
  if (port !== undefined) {
    const number = parsePortNumber(port);
    if (number === undefined) return { ok: false, problem: `the port “${port}” is not a number from 1 to 65535` };
    destination.port = number;
  }
  return { ok: true, value: destination };
}

export function parsePortNumber(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

// Names end up in ProxyCommand through %h / %r, which runs in a shell: what could change the
// meaning of that command line, or be read as an option by it, is refused here.
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const UNSAFE_HOST = /[\s\x00-\x1f\x7f'"`$\\;&|<>(){}[\]*?!#,@/]/;
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const UNSAFE_USER = /[\s\x00-\x1f\x7f'"`$;&|<>(){}]/;

/** Why `host` cannot be connected to, or undefined when it can. */
export function hostProblem(host: string): string | undefined {
  if (host === '') return 'the host name is empty';
  if (host.startsWith('-')) return 'a host name cannot begin with “-”';
  if (UNSAFE_HOST.test(host)) return `the host name “${host}” holds a character host names never have`;
  return undefined;
}

/** Why `user` cannot be used as a user name, or undefined when it can. */
export function userProblem(user: string): string | undefined {
  if (user === '') return 'the user name before “@” is empty';
  if (user.startsWith('-')) return 'a user name cannot begin with “-”';
  if (UNSAFE_USER.test(user)) return `the user name “${user}” holds a space, a quote or a shell character`;
  return undefined;
}

function countColons(text: string): number {
  return text.split(':').length - 1;
}
