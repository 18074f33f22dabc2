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
  removeItem(key: string): void;
}

const TOKEN_KEY = 'jumpgate.bridgeToken';
const WINDOW_KEY = 'jumpgate.windowId';

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

/** The server refused the token (it restarted): a reload must not try it again. */
export function forgetBridgeToken(storage: PageStorage): void {
  storage.removeItem(TOKEN_KEY);
}

/**
 * This browser tab's window id: kept in sessionStorage, so a reload finds its sessions again in
 * main, while another tab (with its own sessionStorage) is another window.
 */
export function takeWindowId(storage: PageStorage, random: () => string = () => crypto.randomUUID(), isFresh = false): string {
  const kept = storage.getItem(WINDOW_KEY);
  if (!isFresh && kept !== null && /^[A-Za-z0-9_-]{8,64}$/.test(kept)) return kept;
  const made = random().replace(/[^A-Za-z0-9_-]/g, '');
  storage.setItem(WINDOW_KEY, made);
  return made;
}

/** ws(s)://<host>/bridge?token=…&window=… on the host that served the page. */
export function bridgeUrl(location: Pick<PageLocation, 'protocol' | 'host'>, token: string, windowId?: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const window = windowId === undefined ? '' : `&window=${encodeURIComponent(windowId)}`;
  return `${scheme}://${location.host}/bridge?token=${encodeURIComponent(token)}${window}`;
}
