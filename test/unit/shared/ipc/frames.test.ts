import { describe, expect, it } from 'vitest';
import { callFrame, cancelFrame, errorFrame, eventFrame, methodForLog, parseJson, parseToMain, parseToWindow, resultFrame } from '../../../../shared/ipc';

describe('the wire frames', () => {
  it('parses what the builders make, both ways', () => {
    expect(parseToMain(callFrame(1, 'files.count', { side: 'local', paths: ['/'] }))).toEqual({
      ok: true,
      frame: { type: 'call', id: 1, method: 'files.count', input: { side: 'local', paths: ['/'] } },
    });
    expect(parseToMain(cancelFrame(1))).toEqual({ ok: true, frame: { type: 'cancel', id: 1 } });
    expect(parseToWindow(resultFrame(1, { ok: true, value: 3 }))).toMatchObject({ ok: true, frame: { type: 'result', id: 1 } });
    expect(parseToWindow(eventFrame('app.notice', { text: 'hi' }))).toMatchObject({ ok: true, frame: { type: 'event', name: 'app.notice' } });
    expect(parseToWindow(errorFrame({ code: 'INVALID_ARGUMENT', message: 'No.' }))).toMatchObject({ ok: true, frame: { type: 'error' } });
  });

  it.each([
    ['not an object', 'garbage', 'malformed frame (frame: invalid_type)'],
    ['an unknown type', { type: 'eval', id: 1 }, 'malformed frame (type: invalid_union)'],
    ['a call without an id', { type: 'call', method: 'app.info', input: {} }, 'malformed frame (id: invalid_type)'],
    ['a negative id', { type: 'cancel', id: -1 }, 'malformed frame (id: too_small)'],
    ['a key too many', { type: 'cancel', id: 1, extra: true }, 'malformed frame (frame: unrecognized_keys)'],
    ['a method name too long', { type: 'call', id: 1, method: 'x'.repeat(200), input: {} }, 'malformed frame (method: too_big)'],
  ])('refuses %s with a reason', (_name, raw, reason) => {
    expect(parseToMain(raw)).toMatchObject({ ok: false, reason });
  });

  it('names the method of a refused call, never its input (it may hold a passphrase)', () => {
    const refused = parseToMain({ type: 'call', id: 'one', method: 'vault.unlock', input: { passphrase: 'hunter2' } });
    expect(refused).toEqual({ ok: false, reason: 'malformed frame (id: invalid_type)', method: '"vault.unlock"' });
    expect(JSON.stringify(refused)).not.toContain('hunter2');
  });

  it('refuses text that is not JSON, and a frame that is not text', () => {
    expect(parseJson('{not json')).toEqual({ ok: false, reason: 'not JSON' });
    expect(parseJson(new Uint8Array([1]))).toEqual({ ok: false, reason: 'not a text frame' });
    expect(parseJson('{"type":"cancel","id":1}')).toEqual({ ok: true, value: { type: 'cancel', id: 1 } });
  });

  it('shows a method name in a log quoted and cut short, whatever was sent', () => {
    expect(methodForLog('files.count')).toBe('"files.count"');
    expect(methodForLog('a\nforged log line')).toBe('"a\\nforged log line"');
    expect(methodForLog('x'.repeat(500))).toHaveLength(66);
    expect(methodForLog(42)).toBe('"42"');
  });
});
