import { describe, expect, it } from 'vitest';
import { createWebSocketTransport } from '../../../../renderer/api/websocket-transport';
import { FakeSocket, ManualTimers } from './fake-socket';

const BACKOFF = { initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2, jitter: 0 };

function setup() {
  const sockets: FakeSocket[] = [];
  const timers = new ManualTimers();
  const logged: string[] = [];
  const transport = createWebSocketTransport({
    log: (line) => logged.push(line),
    url: 'ws://127.0.0.1:4000/bridge?token=t',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    timers,
    backoff: BACKOFF,
  });
  const last = (): FakeSocket => {
    const socket = sockets[sockets.length - 1];
    if (socket === undefined) throw new Error('no socket');
    return socket;
  };
  return { transport, sockets, timers, last, logged };
}

describe('the WebSocket transport', () => {
  it('takes a new window id at once when another open page holds this one (a duplicated browser tab)', () => {
    const sockets: FakeSocket[] = [];
    const transport = createWebSocketTransport({
      url: 'ws://h/bridge?token=t&window=copied-id',
      onWindowTaken: () => 'ws://h/bridge?token=t&window=fresh-id',
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
      timers: new ManualTimers(),
      backoff: BACKOFF,
    });
    sockets[0]!.drop(4409);
    expect(sockets.map((socket) => socket.url)).toEqual(['ws://h/bridge?token=t&window=copied-id', 'ws://h/bridge?token=t&window=fresh-id']);
    sockets[1]!.open();
    expect(transport.status).toEqual({ state: 'open' });
  });

  it('stops for good when the server refuses the token (it restarted): no retry, calls fail at once', async () => {
    const { transport, sockets, timers, last } = setup();
    last().open();
    const inFlight = transport.invoke('profiles.list', {});
    last().drop(4401);
    expect(transport.status).toEqual({ state: 'rejected' });
    expect((await inFlight).ok).toBe(false);
    timers.advance(60_000);
    transport.retryNow();
    expect(sockets).toHaveLength(1);
    expect(timers.pending).toBe(0);
    const later = await transport.invoke('profiles.list', {});
    expect(later.ok).toBe(false);
    expect(sockets).toHaveLength(1);
  });

  it('holds calls made while the first connection opens and sends them once it is open', async () => {
    const { transport, last } = setup();
    expect(transport.status.state).toBe('connecting');
    const answer = transport.invoke('profiles.list', {});
    expect(last().sent).toEqual([]);
    last().open();
    expect(last().sent).toEqual([{ type: 'call', id: 1, method: 'profiles.list', input: {} }]);
    last().receive({ type: 'result', id: 1, result: { ok: true, value: [] } });
    expect(await answer).toEqual({ ok: true, value: [] });
  });

  it('matches answers to calls by id, whatever order they come in', async () => {
    const { transport, last } = setup();
    last().open();
    const first = transport.invoke('app.info', {});
    const second = transport.invoke('vault.status', {});
    last().receive({ type: 'result', id: 2, result: { ok: true, value: 'second' } });
    last().receive({ type: 'result', id: 1, result: { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'No.' } } });
    expect(await second).toEqual({ ok: true, value: 'second' });
    expect(await first).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'No.' } });
  });

  it('turns a malformed answer into a coded error and ignores frames that do not parse, saying why', async () => {
    const { transport, last, logged } = setup();
    last().open();
    const answer = transport.invoke('app.info', {});
    last().receive('not json');
    last().receive({ type: 'result', id: 'one', result: { ok: true, value: 1 } });
    last().receive({ type: 'result', id: 1, result: { ok: 'maybe' } });
    const result = await answer;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INTERNAL');
    expect(logged).toEqual(['Dropped a frame from the bridge: not JSON.', 'Dropped a frame from the bridge: malformed frame (id: invalid_type).']);
  });

  it('cancels a call: a cancel frame goes out, the call answers CALL_CANCELLED at once, and the late answer is dropped', async () => {
    const { transport, last } = setup();
    last().open();
    const controller = new AbortController();
    const answer = transport.invoke('files.count', { side: 'local', paths: ['/big'] }, controller.signal);
    const other = transport.invoke('app.info', {});
    controller.abort();
    expect(await answer).toMatchObject({ ok: false, error: { code: 'CALL_CANCELLED', details: { method: 'files.count' } } });
    expect(last().sent).toEqual([
      { type: 'call', id: 1, method: 'files.count', input: { side: 'local', paths: ['/big'] } },
      { type: 'call', id: 2, method: 'app.info', input: {} },
      { type: 'cancel', id: 1 },
    ]);
    last().receive({ type: 'result', id: 1, result: { ok: true, value: { files: 1, directories: 0, bytes: 1 } } });
    last().receive({ type: 'result', id: 2, result: { ok: true, value: 'info' } });
    expect(await other).toEqual({ ok: true, value: 'info' });
  });

  it('never sends a call cancelled before it went out, nor one whose signal was already aborted', async () => {
    const { transport, last } = setup();
    const controller = new AbortController();
    const held = transport.invoke('files.list', { side: 'local', path: '~' }, controller.signal);
    controller.abort();
    expect(await held).toMatchObject({ ok: false, error: { code: 'CALL_CANCELLED' } });
    expect(await transport.invoke('files.list', { side: 'local', path: '~' }, controller.signal)).toMatchObject({ error: { code: 'CALL_CANCELLED' } });
    last().open();
    expect(last().sent).toEqual([]);
  });

  it('hands event frames to the listeners of that event until they unsubscribe', () => {
    const { transport, last } = setup();
    last().open();
    const seen: unknown[] = [];
    const unsubscribe = transport.subscribe('app.notice', (payload) => seen.push(payload));
    transport.subscribe('prompts.closed', () => seen.push('wrong event'));
    last().receive({ type: 'event', name: 'app.notice', payload: { level: 'info', text: 'hi' } });
    unsubscribe();
    last().receive({ type: 'event', name: 'app.notice', payload: { level: 'info', text: 'again' } });
    expect(seen).toEqual([{ level: 'info', text: 'hi' }]);
  });

  it('fails calls in flight with CONNECTION_LOST when the link drops, and calls made while down at once', async () => {
    const { transport, last } = setup();
    last().open();
    const inFlight = transport.invoke('profiles.list', {});
    last().drop();
    const lost = await inFlight;
    expect(lost.ok === false && lost.error.code).toBe('CONNECTION_LOST');
    expect(transport.status.state).toBe('closed');
    const whileDown = await transport.invoke('profiles.list', {});
    expect(whileDown.ok === false && whileDown.error.code).toBe('CONNECTION_LOST');
  });

  it('says a call held for a connection that never opened was not sent', async () => {
    const { transport, last } = setup();
    const held = transport.invoke('profiles.list', {});
    last().drop();
    const result = await held;
    expect(result.ok === false && result.error.message).toMatch(/nothing was sent/);
    expect(result.ok === false && result.error.details).toEqual({ method: 'profiles.list' });
  });

  it('reconnects with growing, capped delays and resets them once a connection opens', () => {
    const { transport, sockets, timers, last } = setup();
    const states: string[] = [];
    transport.onStatus((status) => states.push(status.state));
    last().drop();
    expect(transport.status).toEqual({ state: 'closed', retryAt: timers.now() + 100 });
    timers.advance(99);
    expect(sockets).toHaveLength(1);
    timers.advance(1);
    expect(sockets).toHaveLength(2);
    last().drop();
    expect(transport.status.retryAt).toBe(timers.now() + 200);
    timers.advance(200);
    last().drop();
    timers.advance(400);
    last().drop();
    timers.advance(800);
    last().drop();
    expect(transport.status.retryAt).toBe(timers.now() + 1_000);
    timers.advance(1_000);
    last().open();
    last().drop();
    expect(transport.status.retryAt).toBe(timers.now() + 100);
    expect(states.slice(0, 3)).toEqual(['closed', 'connecting', 'closed']);
    expect(sockets.every((socket) => socket.url === 'ws://127.0.0.1:4000/bridge?token=t')).toBe(true);
  });

  it('works again after a reconnect, and ignores answers from the socket it replaced', async () => {
    const { transport, sockets, timers, last } = setup();
    const old = last();
    old.open();
    old.drop();
    timers.advance(100);
    last().open();
    const answer = transport.invoke('app.info', {});
    old.receive({ type: 'result', id: 1, result: { ok: true, value: 'stale' } });
    last().receive({ type: 'result', id: 1, result: { ok: true, value: 'fresh' } });
    expect(await answer).toEqual({ ok: true, value: 'fresh' });
    expect(sockets).toHaveLength(2);
  });

  it('retries at once when asked, and stops retrying once disposed', () => {
    const { transport, sockets, timers, last } = setup();
    last().drop();
    transport.retryNow();
    expect(sockets).toHaveLength(2);
    expect(transport.status.state).toBe('connecting');
    last().drop();
    transport.dispose();
    timers.advance(10_000);
    expect(sockets).toHaveLength(2);
    expect(timers.pending).toBe(0);
  });

  it('closes its socket and fails what is pending when disposed', async () => {
    const { transport, last } = setup();
    last().open();
    const pending = transport.invoke('app.info', {});
    transport.dispose();
    expect(last().isClosed).toBe(true);
    const result = await pending;
    expect(result.ok === false && result.error.code).toBe('CONNECTION_LOST');
  });
});
