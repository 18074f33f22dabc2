/** The parts of window.location, history and sessionStorage the bridge address needs. */
export interface PageLocation {
  protocol: string;
  host: string;
  pathname: string;
  search: string;
  hash: string;
}
export interface PageHistory {
  replaceState(data: unknown, unused: string, url?: string): void;
}
export interface PageStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const TOKEN_KEY = 'jumpgate.bridgeToken';

/**
 * The bridge token, taken from `?token=…` the first time: it is then removed from the address
 * bar (so it is not left in history, bookmarks or screenshots) and kept in sessionStorage, which
 * survives a reload of this tab and nothing else.
 */
export function takeBridgeToken(location: PageLocation, history: PageHistory, storage: PageStorage): string | undefined {
  const params = new URLSearchParams(location.search);
  const fromAddress = params.get('token');
  if (fromAddress !== null && fromAddress !== '') {
    storage.setItem(TOKEN_KEY, fromAddress);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest === '' ? '' : `?${rest}`}${location.hash}`);
    return fromAddress;
  }
  return storage.getItem(TOKEN_KEY) ?? undefined;
}

/** ws(s)://<host>/bridge?token=… on the host that served the page. */
export function bridgeUrl(location: Pick<PageLocation, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/bridge?token=${encodeURIComponent(token)}`;
}
