import { describe, expect, it } from 'vitest';
import { TunnelProfile, type TunnelStatus } from '../../../../shared/model/tunnel-profile';
import type { TunnelEntry } from '../../../../main/forward/tunnel-manager';
import { runTrayAction, type TrayAction, trayMenu } from '../../../../main/core/tray-menu';

const profile = (name: string) =>
  TunnelProfile.parse({
    name,
    connection: { spec: { destination: 'db.example' } },
    forwards: [{ kind: 'local', bindPort: 5432, target: { host: 'db', port: 5432 } }],
  });
const entry = (name: string, status: Partial<TunnelStatus>, runningElsewhere?: { pid: number }): TunnelEntry => ({
  profile: profile(name),
  status: { name, state: 'stopped', attempt: 0, forwards: [], ...status },
  ...(runningElsewhere ? { runningElsewhere } : {}),
});

describe('the tray menu', () => {
  it('lists each tunnel with its state and offers Stop for one running here, Start for one stopped or failed', () => {
    const menu = trayMenu([
      entry('db', { state: 'up' }),
      entry('web', { state: 'retrying', retryInMs: 7_600, error: { code: 'CONNECTION_REFUSED', message: 'db.example refused the connection.' } }),
      entry('old', { state: 'failed', error: { code: 'AUTH_FAILED', message: 'The server refused the key.' } }),
      entry('idle', {}),
      entry('cli', { state: 'up' }, { pid: 4242 }),
    ]);
    expect(menu.map((item) => item.label ?? '—')).toEqual([
      'db — up',
      'web — retrying in 8 s',
      'old — failed',
      'idle — stopped',
      'cli — up in process 4242',
      '—',
      'Open Jumpgate',
      'Quit Jumpgate',
    ]);
    expect(menu[0]!.submenu).toEqual([{ label: 'Stop', action: { kind: 'stop', name: 'db' } }]);
    expect(menu[1]!.submenu).toEqual([
      { label: 'db.example refused the connection.', isEnabled: false },
      { label: 'Stop', action: { kind: 'stop', name: 'web' } },
    ]);
    expect(menu[2]!.submenu!.at(-1)).toEqual({ label: 'Start', action: { kind: 'start', name: 'old' } });
    expect(menu[3]!.submenu).toEqual([{ label: 'Start', action: { kind: 'start', name: 'idle' } }]);
    // Another process runs it: shown, not stopped from here.
    expect(menu[4]!.submenu).toEqual([{ label: 'Run by jumpgate tunnel up (process 4242)', isEnabled: false }]);
    expect(menu[5]).toEqual({ isSeparator: true });
  });

  it('says so when there is no tunnel', () => {
    expect(trayMenu([])[0]).toEqual({ label: 'No saved tunnels', isEnabled: false });
  });

  it('runs what an item says, and logs a tunnel that cannot start instead of throwing', () => {
    const done: string[] = [];
    const target = {
      tunnels: {
        start: (name: string) => {
          if (name === 'bad') throw new Error('Tunnel bad is already up in process 9.');
          done.push(`start ${name}`);
        },
        stop: (name: string) => done.push(`stop ${name}`),
      },
      openWindow: () => done.push('open'),
      quit: () => done.push('quit'),
      log: (line: string) => done.push(line),
    };
    const actions: TrayAction[] = [
      { kind: 'start', name: 'db' },
      { kind: 'stop', name: 'db' },
      { kind: 'open-window' },
      { kind: 'start', name: 'bad' },
      { kind: 'quit' },
    ];
    for (const action of actions) runTrayAction(action, target);
    expect(done).toEqual(['start db', 'stop db', 'open', 'tray: start failed: Tunnel bad is already up in process 9.', 'quit']);
  });
});
