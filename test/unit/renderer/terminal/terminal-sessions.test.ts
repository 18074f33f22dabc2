import { describe, expect, it } from 'vitest';
import type { SessionId } from '../../../../shared/ipc';
import { TerminalSessions } from '../../../../renderer/terminal/terminal-sessions';
import { describeEnd, formatMs, groupByHop } from '../../../../renderer/terminal/session-text';
import { fakeClient } from '../fake-client';

const t1 = 't1' as SessionId;

describe('TerminalSessions', () => {
  it('keeps status from events that arrive before anyone asked for the session', () => {
    const client = fakeClient();
    const sessions = new TerminalSessions(client);
    client.emit('terminal.state', { sessionId: t1, state: 'connecting' });
    client.emit('terminal.progress', { sessionId: t1, hop: 'a@bastion:22', step: 'tcp', elapsedMs: 3 });
    client.emit('terminal.notice', { sessionId: t1, hop: 'a@bastion:22', kind: 'banner', text: 'Authorised use only', isUntrusted: true });
    expect(sessions.get(t1)).toMatchObject({ state: 'connecting', attempt: 1, progress: [{ step: 'tcp' }], notices: [{ kind: 'banner', isUntrusted: true }] });
  });

  it('queues output until a terminal attaches, then hands it over in order', () => {
    const client = fakeClient();
    const sessions = new TerminalSessions(client);
    client.emit('terminal.state', { sessionId: t1, state: 'connected' });
    client.emit('terminal.data', { sessionId: t1, data: 'one ' });
    client.emit('terminal.data', { sessionId: t1, data: 'two ' });
    const drawn: string[] = [];
    const attachment = sessions.attach(t1, (data) => drawn.push(data));
    client.emit('terminal.data', { sessionId: t1, data: 'three' });
    expect(drawn).toEqual(['one ', 'two ', 'three']);
    attachment.dispose();
    client.emit('terminal.data', { sessionId: t1, data: 'later' });
    expect(drawn).toHaveLength(3);
  });

  it('a reconnect starts a fresh attempt: progress and notices reset, the count goes up', () => {
    const client = fakeClient();
    const sessions = new TerminalSessions(client);
    client.emit('terminal.state', { sessionId: t1, state: 'connecting' });
    client.emit('terminal.progress', { sessionId: t1, hop: 'h:22', step: 'ready', elapsedMs: 80 });
    client.emit('terminal.recording', { sessionId: t1, file: '/tmp/x.cast' });
    expect(sessions.get(t1)?.recordingFile).toBe('/tmp/x.cast');
    client.emit('terminal.state', { sessionId: t1, state: 'closed', error: { code: 'CONNECTION_LOST', message: 'h closed the connection.', hop: 'h:22' } });
    expect(sessions.get(t1)).toMatchObject({ state: 'closed', error: { code: 'CONNECTION_LOST' } });
    expect(sessions.get(t1)?.recordingFile).toBeUndefined();
    client.emit('terminal.state', { sessionId: t1, state: 'connecting' });
    expect(sessions.get(t1)).toMatchObject({ state: 'connecting', attempt: 2, progress: [], error: undefined });
  });

  it('drops output for a session it forgot, and unsubscribes from everything on dispose', () => {
    const client = fakeClient();
    const sessions = new TerminalSessions(client);
    let changes = 0;
    sessions.subscribe(() => changes++);
    client.emit('terminal.state', { sessionId: t1, state: 'connected' });
    sessions.forget(t1);
    client.emit('terminal.data', { sessionId: t1, data: 'late' });
    const drawn: string[] = [];
    sessions.attach(t1, (data) => drawn.push(data));
    expect(drawn).toEqual([]);
    expect(changes).toBe(2);
    // main's 'closed' for the terminal the tab just closed does not bring it back.
    client.emit('terminal.state', { sessionId: t1, state: 'closed' });
    expect(sessions.get(t1)).toBeUndefined();
    sessions.dispose();
    expect(client.count()).toBe(0);
  });
});

describe('session text', () => {
  it('groups steps by hop in the order the hops appeared', () => {
    const hops = groupByHop([
      { hop: 'a@bastion:22', step: 'tcp', elapsedMs: 1 },
      { hop: 'a@bastion:22', step: 'auth', elapsedMs: 40 },
      { hop: 'b@inner:22', step: 'tcp', elapsedMs: 45 },
    ]);
    expect(hops.map((h) => [h.hop, h.steps.length])).toEqual([
      ['a@bastion:22', 2],
      ['b@inner:22', 1],
    ]);
    expect([formatMs(12.4), formatMs(1234), formatMs(12_345)]).toEqual(['12 ms', '1.23 s', '12.3 s']);
  });

  it('says why a session ended: the coded error, a signal, a failing status, or a normal exit', () => {
    expect(describeEnd({ error: { code: 'AUTH_FAILED', message: 'No key was accepted.', hop: 'u@h:22' } })).toMatchObject({
      headline: 'No key was accepted.',
      code: 'AUTH_FAILED',
      hop: 'u@h:22',
      isError: true,
    });
    expect(describeEnd({ exit: { signal: 'KILL' } }).headline).toBe('The shell was ended by signal KILL.');
    expect(describeEnd({ exit: { code: 5 } }).headline).toBe('The shell exited with status 5.');
    expect(describeEnd({ exit: { code: 0 } })).toMatchObject({ headline: 'The session ended.', isError: false });
  });
});
