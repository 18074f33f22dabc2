import { describe, expect, it } from 'vitest';
import { bridgeUrl, forgetBridgeToken, takeBridgeToken, takeWindowId } from '../../../../renderer/api/bridge-location';
import { backoffDelay } from '../../../../shared/base/backoff';
import { DEFAULT_BACKOFF } from '../../../../renderer/api/websocket-transport';

function page(search: string, hash = '') {
  const replaced: string[] = [];
  const stored = new Map<string, string>();
  return {
    location: { protocol: 'http:', host: '127.0.0.1:4000', pathname: '/', search, hash },
    history: { replaceState: (_data: unknown, _unused: string, url?: string) => replaced.push(url ?? '') },
    storage: {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
      removeItem: (key: string) => void stored.delete(key),
    },
    replaced,
    stored,
  };
}

describe('the bridge token', () => {
  it('is taken from the address, removed from it and kept for a reload of this tab', () => {
    const first = page('?token=s3cret&view=hosts', '#top');
    expect(takeBridgeToken(first.location, first.history, first.storage)).toBe('s3cret');
    expect(first.replaced).toEqual(['/?view=hosts#top']);
    const reload = { ...page(''), storage: first.storage };
    expect(takeBridgeToken(reload.location, reload.history, reload.storage)).toBe('s3cret');
    expect(reload.replaced).toEqual([]);
  });

  it('is absent when neither the address nor the session has one', () => {
    const empty = page('?token=');
    expect(takeBridgeToken(empty.location, empty.history, empty.storage)).toBeUndefined();
  });

  it('goes into a ws:// or wss:// address on the page host', () => {
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:4000' }, 'a+b/c')).toBe('ws://127.0.0.1:4000/bridge?token=a%2Bb%2Fc');
    expect(bridgeUrl({ protocol: 'https:', host: 'example.test' }, 't')).toBe('wss://example.test/bridge?token=t');
  });
});

describe('the window id', () => {
  it('is made once per browser tab and kept across its reloads; a refused token is forgotten', () => {
    const first = page('?token=s3cret');
    const id = takeWindowId(first.storage, () => '0b6f3c2e-1d4a-4f5e-9a7b-2c8d9e0f1a2b');
    expect(id).toBe('0b6f3c2e-1d4a-4f5e-9a7b-2c8d9e0f1a2b');
    expect(takeWindowId(first.storage, () => 'another-one-entirely')).toBe(id);
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:4000' }, 't', id)).toBe(`ws://127.0.0.1:4000/bridge?token=t&window=${id}`);
    expect(takeBridgeToken(first.location, first.history, first.storage)).toBe('s3cret');
    forgetBridgeToken(first.storage);
    expect(takeBridgeToken(page('').location, first.history, first.storage)).toBeUndefined();
  });
});

describe("the link's backoff", () => {
  it('doubles from the initial delay up to the cap, within the jitter', () => {
    const exact = { ...DEFAULT_BACKOFF, jitter: 0 };
    expect([1, 2, 3, 4, 11, 101].map((attempt) => backoffDelay(attempt, exact))).toEqual([250, 500, 1000, 2000, 10_000, 10_000]);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0)).toBe(200);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 1)).toBe(300);
  });
});
