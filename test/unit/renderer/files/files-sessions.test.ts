import { describe, expect, it } from 'vitest';
import type { FilesSessionId } from '../../../../shared/model';
import { FilesSessions } from '../../../../renderer/files/files-sessions';
import { fakeClient } from '../fake-client';

const f1 = 'f1' as FilesSessionId;

describe('FilesSessions', () => {
  it("keeps each hop's progress and the home directory once connected", () => {
    const client = fakeClient();
    const sessions = new FilesSessions(client);
    client.emit('files.state', { filesId: f1, state: 'connecting', label: 'prod' });
    client.emit('files.progress', { filesId: f1, hop: 'me@bastion:22', step: 'tcp', elapsedMs: 3 });
    client.emit('files.progress', { filesId: f1, hop: 'me@prod:22', step: 'auth', elapsedMs: 40 });
    client.emit('files.state', { filesId: f1, state: 'connected', label: 'prod', home: '/home/me' });
    expect(sessions.get(f1)).toMatchObject({ state: 'connected', label: 'prod', home: '/home/me', attempt: 1, progress: [{ step: 'tcp' }, { step: 'auth' }] });
  });

  it('a reconnect after a close starts a new attempt with fresh progress', () => {
    const client = fakeClient();
    const sessions = new FilesSessions(client);
    client.emit('files.progress', { filesId: f1, hop: 'me@prod:22', step: 'tcp', elapsedMs: 3 });
    client.emit('files.state', { filesId: f1, state: 'closed', label: 'prod', error: { code: 'CONNECTION_LOST', message: 'The connection was lost.' } });
    expect(sessions.get(f1)).toMatchObject({ state: 'closed', error: { code: 'CONNECTION_LOST' } });
    client.emit('files.state', { filesId: f1, state: 'connecting', label: 'prod' });
    expect(sessions.get(f1)).toMatchObject({ state: 'connecting', attempt: 2, progress: [], error: undefined });
  });

  it("forgets a closed tab's session and stops listening when disposed", () => {
    const client = fakeClient();
    const sessions = new FilesSessions(client);
    client.emit('files.state', { filesId: f1, state: 'connected', label: 'prod' });
    sessions.forget(f1);
    client.emit('files.state', { filesId: f1, state: 'closed', label: 'prod' });
    expect(sessions.get(f1)).toBeUndefined();
    sessions.dispose();
    expect(client.count()).toBe(0);
  });
});
