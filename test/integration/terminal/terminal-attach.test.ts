import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCROLLBACK_CHARS } from '../../../main/terminal/scrollback';
import { type CoreStand, startCoreStand } from '../../helpers/core-stand';
import { pollUntil } from '../../helpers/poll-until';

let stand: CoreStand;
beforeAll(async () => {
  stand = await startCoreStand({ trustServer: true });
});
afterAll(() => stand?.dispose());

const callAs = (windowId: string, method: string, input: unknown) =>
  stand.core.router.dispatch(method, input, { isTrustedSender: true, transport: 'web', windowId });
const text = (sessionId: string) =>
  stand
    .of('terminal.data', sessionId)
    .map((d) => d.data)
    .join('');

describe('a window that comes back', () => {
  it("finds its terminals (and only its own), drawn from main's scrollback, and output flows again though nothing was acknowledged", async () => {
    const opened = await callAs('window-one-1', 'terminal.open', { target: { destination: `root@127.0.0.1:${stand.sshd.port}` }, cols: 80, rows: 24 });
    const sessionId = (opened as { value: { sessionId: string } }).value.sessionId;
    await pollUntil(() => stand.of('terminal.state', sessionId).some((s) => s.state === 'connected'), { message: 'connected', timeoutMs: 30_000 });
    expect(await callAs('window-one-1', 'sessions.list', {})).toEqual({
      ok: true,
      value: {
        terminals: [
          { sessionId, target: { destination: `root@127.0.0.1:${stand.sshd.port}` }, title: `root@127.0.0.1:${stand.sshd.port}`, state: 'connected' },
        ],
        files: [],
      },
    });
    expect(await callAs('window-two-2', 'sessions.list', {})).toEqual({ ok: true, value: { terminals: [], files: [] } });
    expect(await callAs('window-two-2', 'terminal.attach', { sessionId })).toMatchObject({ ok: false, error: { code: 'OWNED_ELSEWHERE' } });

    // Far more than the flow-control high-water mark, never acknowledged (the window went away): the channel pauses.
    await callAs('window-one-1', 'terminal.write', { sessionId, data: `head -c 900000 /dev/zero | tr '\\0' a; echo; echo "done-$((40+2))"\r` });
    await pollUntil(() => text(sessionId).length > 520_000, { message: 'output past the high-water mark', timeoutMs: 30_000 });
    const attached = await callAs('window-one-1', 'terminal.attach', { sessionId });
    expect(attached).toMatchObject({ ok: true, value: { state: { sessionId, state: 'connected' } } });
    const scrollback = (attached as { value: { scrollback: string } }).value.scrollback;
    expect(scrollback.length).toBeGreaterThan(500_000);
    expect(text(sessionId)).not.toContain('done-42');
    expect(scrollback.length).toBeLessThanOrEqual(SCROLLBACK_CHARS);
    expect(text(sessionId).endsWith(scrollback)).toBe(true);
    // What went to the window that left will never be acknowledged: the rest flows without an ack.
    await pollUntil(() => text(sessionId).includes('done-42'), { message: 'the rest of the output after the window came back', timeoutMs: 30_000 });
    expect(((await callAs('window-one-1', 'terminal.attach', { sessionId })) as { value: { scrollback: string } }).value.scrollback).toContain('done-42');
    await callAs('window-one-1', 'terminal.close', { sessionId });
    expect(await callAs('window-one-1', 'sessions.list', {})).toEqual({ ok: true, value: { terminals: [], files: [] } });
    expect(await callAs('window-one-1', 'terminal.attach', { sessionId })).toMatchObject({ ok: false, error: { code: 'SESSION_CLOSED' } });
  });
});
