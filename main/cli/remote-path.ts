/** One side of a copy: a local path, or `[user@]host:path` (OpenSSH's scp rules). */
export type Location = { kind: 'local'; path: string } | { kind: 'remote'; user?: string; host: string; path: string };

/**
 * scp's rule: a colon before any slash makes it remote; `[v6addr]:path` for IPv6; an empty
 * remote path is the login directory. `./a:b` and `/a:b` stay local.
 */
export function parseLocation(text: string): Location {
  let rest = text;
  let user: string | undefined;
  const at = rest.indexOf('@');
  const colon = rest.indexOf(':');
  const slash = rest.indexOf('/');
  if (at > 0 && (colon === -1 || at < colon) && (slash === -1 || at < slash)) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
  }
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']:');
    if (close > 1) return { kind: 'remote', user, host: rest.slice(1, close), path: rest.slice(close + 2) || '.' };
    return { kind: 'local', path: text };
  }
  const hostEnd = rest.indexOf(':');
  const firstSlash = rest.indexOf('/');
  if (hostEnd <= 0 || (firstSlash !== -1 && firstSlash < hostEnd)) return { kind: 'local', path: text };
  return { kind: 'remote', user, host: rest.slice(0, hostEnd), path: rest.slice(hostEnd + 1) || '.' };
}

/** `user@host` (or `host`) for connecting, the key two locations share a connection by. */
export function endpointOf(location: Location): string {
  if (location.kind === 'local') return 'local';
  const host = location.host.includes(':') ? `[${location.host}]` : location.host;
  return location.user ? `${location.user}@${host}` : host;
}
