import { describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../../shared/base/result';
import { createApi, subscribe } from '../../../../renderer/api/create-api';
import { createClient } from '../../../../renderer/api/client';
import { createElectronTransport } from '../../../../renderer/api/electron-transport';
import type { Transport } from '../../../../renderer/api/transport';

/** A transport answering from a table, recording calls, with events the test emits. */
function fakeTransport(answers: Record<string, Result<unknown> | (() => Promise<Result<unknown>>)>) {
  const calls: Array<{ method: string; input: unknown }> = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport: Transport = {
    async invoke(method, input) {
      calls.push({ method, input });
      const answer = answers[method];
      if (answer === undefined) return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `There is no method "${method}".` } };
      return typeof answer === 'function' ? answer() : answer;
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    status: { state: 'open' },
    onStatus: () => () => {},
  };
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload));
  return { transport, calls, emit };
}

const profile = {
  id: 'abcdef123',
  name: 'Build',
  destination: 'build.example.com',
  identityFiles: [],
  forwardAgent: false,
  options: {},
  env: {},
  autoReconnect: false,
  recordSessions: false,
  recordInput: false,
  tags: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('createApi', () => {
  it('has one function per contract method, sending its name and input', async () => {
    const { transport, calls } = fakeTransport({ 'profiles.list': { ok: true, value: [profile] } });
    const api = createApi(transport);
    const result = await api['profiles.list']({});
    expect(calls).toEqual([{ method: 'profiles.list', input: {} }]);
    expect(result).toEqual({ ok: true, value: [profile] });
    expect(typeof api['prompts.answer']).toBe('function');
  });

  it('passes a failed Result on unchanged', async () => {
    const error = { code: 'INVALID_ARGUMENT', message: 'Invalid input for profiles.save at name: Too big.' } as const;
    const { transport } = fakeTransport({ 'profiles.save': { ok: false, error } });
    const result = await createApi(transport)['profiles.save']({ name: '', destination: 'x' });
    expect(result).toEqual({ ok: false, error });
  });

  it('checks answers against the output schema, so a component never sees a wrong shape', async () => {
    const { transport } = fakeTransport({ 'vault.status': { ok: true, value: { state: 'open-sesame' } } });
    const result = await createApi(transport)['vault.status']({});
    expect(result.ok === false && result.error.code).toBe('INTERNAL');
  });

  it('answers CONNECTION_LOST when the transport itself throws', async () => {
    const { transport } = fakeTransport({ 'app.info': () => Promise.reject(new Error('ipc gone')) });
    const result = await createApi(transport)['app.info']({});
    expect(result.ok === false && result.error.code).toBe('CONNECTION_LOST');
  });
});

describe('subscribe', () => {
  it('delivers payloads that match the contract and drops the rest', () => {
    const { transport, emit } = fakeTransport({});
    const seen: unknown[] = [];
    const invalid = vi.fn();
    const unsubscribe = subscribe(transport, 'app.notice', (notice) => seen.push(notice.text), invalid);
    emit('app.notice', { level: 'warning', text: 'Disk almost full' });
    emit('app.notice', { level: 'shouting', text: 'not in the contract' });
    emit('app.notice', '<img src=x onerror=alert(1)>');
    unsubscribe();
    emit('app.notice', { level: 'info', text: 'after unsubscribe' });
    expect(seen).toEqual(['Disk almost full']);
    expect(invalid).toHaveBeenCalledTimes(2);
    expect(invalid).toHaveBeenCalledWith('app.notice', { level: 'shouting', text: 'not in the contract' });
  });

  it('validates prompt requests by kind', () => {
    const { transport, emit } = fakeTransport({});
    const kinds: string[] = [];
    subscribe(
      transport,
      'prompts.request',
      ({ request }) => kinds.push(request.kind),
      () => kinds.push('dropped'),
    );
    const promptId = '0b7c6c1e-8f62-4b55-9d7e-1d1c6f7f2d1a';
    emit('prompts.request', { promptId, request: { kind: 'password', hop: 'me@h:22', user: 'me', host: 'h', attempt: 1 } });
    emit('prompts.request', { promptId, request: { kind: 'password', hop: 'me@h:22' } });
    emit('prompts.request', { promptId: 'not-a-uuid', request: { kind: 'password', hop: 'me@h:22', user: 'me', host: 'h', attempt: 1 } });
    expect(kinds).toEqual(['password', 'dropped', 'dropped']);
  });
});

describe('the Electron transport', () => {
  it('forwards calls and events to the preload bridge and checks the answer is a Result', async () => {
    const listeners: Array<(payload: unknown) => void> = [];
    const bridge = {
      invoke: vi.fn(async (method: string, _input: unknown, id?: number): Promise<unknown> =>
        method === 'app.info' ? { type: 'result', id, result: 'garbage' } : { type: 'result', id, result: { ok: true, value: {} } },
      ),
      on: vi.fn((_event: string, listener: (payload: unknown) => void) => {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      }),
    };
    const client = createClient(createElectronTransport(bridge));
    expect(await client.api['vault.lock']({})).toEqual({ ok: false, error: expect.objectContaining({ code: 'INTERNAL' }) });
    expect(bridge.invoke).toHaveBeenCalledWith('vault.lock', {}, 1);
    const garbage = await client.api['app.info']({});
    expect(garbage.ok === false && garbage.error.code).toBe('INTERNAL');
    const notices: string[] = [];
    const off = client.on('app.notice', (notice) => notices.push(notice.text));
    listeners.forEach((listener) => listener({ level: 'info', text: 'hello' }));
    off();
    expect(listeners).toHaveLength(0);
    expect(notices).toEqual(['hello']);
    expect(client.transport.status.state).toBe('open');
  });

  it('cancels a call through the preload; the call answers CALL_CANCELLED at once and its late answer is dropped', async () => {
    let answer: (frame: unknown) => void = () => {};
    const bridge = {
      invoke: vi.fn((_method: string, _input: unknown, _id?: number) => new Promise<unknown>((resolve) => (answer = resolve))),
      cancel: vi.fn(),
      on: () => () => {},
    };
    const api = createApi(createElectronTransport(bridge));
    const controller = new AbortController();
    const counting = api['files.count']({ side: 'local', paths: ['/big'] }, { signal: controller.signal });
    expect(bridge.invoke).toHaveBeenCalledWith('files.count', { side: 'local', paths: ['/big'] }, 1);
    controller.abort();
    expect(bridge.cancel).toHaveBeenCalledWith(1);
    answer({ type: 'result', id: 1, result: { ok: true, value: { files: 9, directories: 0, bytes: 9 } } });
    expect(await counting).toMatchObject({ ok: false, error: { code: 'CALL_CANCELLED' } });
  });

  it("turns main's refusal of a frame into its coded error", async () => {
    const bridge = { invoke: async () => ({ type: 'error', error: { code: 'INVALID_ARGUMENT', message: 'Not understood.' } }), on: () => () => {} };
    expect(await createApi(createElectronTransport(bridge))['app.info']({})).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'Not understood.' },
    });
  });
});
