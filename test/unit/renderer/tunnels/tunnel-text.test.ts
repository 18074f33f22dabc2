import { describe, expect, it } from 'vitest';
import { listeningText, reasonText, stateText, targetNoteText, targetText } from '../../../../renderer/tunnels/tunnel-text';
import type { TunnelStatus } from '../../../../shared/model/tunnel-profile';
import { TunnelProfile } from '../../../../shared/model/tunnel-profile';

const status = (fields: Partial<TunnelStatus>): TunnelStatus => ({ name: 'db', state: 'up', attempt: 0, forwards: [], ...fields });

describe('how a tunnel reads in the window', () => {
  it('says its state in words, counting a retry down', () => {
    expect(stateText(status({}))).toBe('Up');
    expect(stateText(status({ state: 'connecting', attempt: 3 }))).toBe('Connecting (attempt 3)');
    expect(stateText(status({ state: 'retrying', retryInMs: 4200 }))).toBe('Retrying in 5 s');
    expect(stateText(status({ state: 'retrying', retryInMs: 4200 }), 2000)).toBe('Retrying in 3 s');
    expect(stateText(status({ state: 'retrying', retryInMs: 1000 }), 5000)).toBe('Retrying in 0 s');
  });

  it('gives the reason of a retry or failure with its hop, and none when up', () => {
    const error = { code: 'HOST_UNREACHABLE', message: 'Nothing answers on port 22.', hop: 'bastion' };
    expect(reasonText(status({ state: 'failed', error }))).toBe('bastion: Nothing answers on port 22.');
    expect(reasonText(status({ state: 'retrying', error: { ...error, message: 'bastion closed the connection.' } }))).toBe('bastion closed the connection.');
    expect(reasonText(status({ error }))).toBeUndefined();
  });

  it("names where a forward listens, the server's side for a remote one", () => {
    const base = { label: '', activeConnections: 0, totalConnections: 0, bytesFromClient: 0, bytesToClient: 0 };
    const local = {
      ...base,
      spec: { kind: 'local', bindPort: 0, target: { host: 'db', port: 80 } },
      state: 'listening',
      boundAddress: '::1',
      boundPort: 4000,
    } as const;
    expect(listeningText(local)).toBe('[::1]:4000');
    expect(listeningText({ ...local, spec: { ...local.spec, kind: 'remote' }, boundAddress: '127.0.0.1' })).toBe("server's 127.0.0.1:4000");
    expect(listeningText({ ...local, state: 'closed' })).toBe('—');
    // A unix-socket listener is named by its path.
    expect(listeningText({ ...local, spec: { ...local.spec, bindSocket: '/tmp/db.sock' }, boundAddress: '/tmp/db.sock', boundPort: undefined })).toBe(
      '/tmp/db.sock',
    );
  });

  it('says when the target of a listening forward stopped answering its probes, and nothing otherwise', () => {
    const forward = {
      label: '',
      activeConnections: 0,
      totalConnections: 0,
      bytesFromClient: 0,
      bytesToClient: 0,
      spec: { kind: 'local', bindPort: 8080, target: { host: 'db', port: 80 } },
      state: 'listening',
      boundAddress: '127.0.0.1',
      boundPort: 8080,
    } as const;
    expect(targetNoteText({ ...forward, isTargetAnswering: false })).toBe('target not answering');
    expect(targetNoteText({ ...forward, isTargetAnswering: true })).toBeUndefined();
    // Without probing the mark is absent: nothing is said.
    expect(targetNoteText(forward)).toBeUndefined();
    expect(targetNoteText({ ...forward, state: 'closed', isTargetAnswering: false })).toBeUndefined();
  });

  it('names the target: a saved host by name, a typed destination as typed', () => {
    const typed = TunnelProfile.parse({
      name: 't',
      connection: { spec: { destination: '::1', user: 'me', port: 2222 } },
      forwards: [{ kind: 'dynamic', bindPort: 1080 }],
    });
    expect(targetText(typed, [])).toBe('me@[::1]:2222');
    const saved = { ...typed, connection: { profileId: 'p1' as never } };
    expect(targetText(saved, [{ id: 'p1', name: 'box' } as never])).toBe('box');
    expect(targetText(saved, [])).toBe('a saved host that no longer exists');
  });
});
