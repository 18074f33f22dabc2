import { describe, expect, it } from 'vitest';
import { paneForwardLabel, paneForwardStateText, withTerminalForwards } from '../../../../renderer/tunnels/terminal-forwards';
import type { PaneForward, PaneForwards } from '../../../../shared/model/pane-forward';

const forward = (fields: Partial<PaneForward> = {}): PaneForward => ({
  id: 'pf1' as PaneForward['id'],
  remoteHost: 'localhost',
  remotePort: 3000,
  localPort: 43000,
  state: 'listening',
  isHttp: true,
  isDetected: false,
  ...fields,
});
const terminal = (sessionId: string, forwards: PaneForward[]): PaneForwards => ({ sessionId, title: `box ${sessionId}`, forwards, detected: [] });

describe('forwards from terminal tabs on the Tunnels page', () => {
  it('keeps the terminals that have forwards, in place as they change, and drops one whose forwards are gone', () => {
    const a = terminal('a', [forward()]);
    const b = terminal('b', [forward({ id: 'pf2' as PaneForward['id'] })]);
    let list = withTerminalForwards([], a);
    list = withTerminalForwards(list, b);
    expect(list.map((t) => t.sessionId)).toEqual(['a', 'b']);
    const changed = terminal('a', [forward({ state: 'waiting' })]);
    list = withTerminalForwards(list, changed);
    expect(list).toEqual([changed, b]);
    // A terminal closed for good (or its last forward stopped) comes with empty lists.
    expect(withTerminalForwards(list, terminal('a', []))).toEqual([b]);
    expect(withTerminalForwards(list, terminal('c', []))).toEqual(list);
  });

  it('names each forward in words and says where it listens, or why it does not', () => {
    expect(paneForwardLabel(forward())).toBe('localhost:43000 → localhost:3000 (local)');
    expect(paneForwardLabel(forward({ remoteHost: '::1' }))).toBe('localhost:43000 → [::1]:3000 (local)');
    expect(paneForwardStateText(forward())).toBe('127.0.0.1:43000');
    expect(
      paneForwardStateText(
        forward({
          status: {
            spec: { kind: 'local', bindPort: 0, target: { host: 'localhost', port: 3000 } },
            label: '',
            state: 'listening',
            boundAddress: '127.0.0.1',
            boundPort: 43001,
            activeConnections: 0,
            totalConnections: 0,
            bytesFromClient: 0,
            bytesToClient: 0,
          },
        }),
      ),
    ).toBe('127.0.0.1:43001');
    expect(paneForwardStateText(forward({ state: 'waiting' }))).toBe('waiting for the terminal to reconnect');
    expect(paneForwardStateText(forward({ state: 'failed', error: { code: 'FORWARD_PORT_IN_USE', message: 'Port 43000 is taken.' } }))).toBe(
      'not listening: Port 43000 is taken.',
    );
  });
});
