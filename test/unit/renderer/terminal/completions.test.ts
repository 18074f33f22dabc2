import { describe, expect, it } from 'vitest';
import { ConnectionProfile } from '../../../../shared/model';
import { configHost } from '../imported-host-fixture';
import { completions } from '../../../../renderer/terminal/completions';

const saved = (name: string, destination: string, extra: Partial<ConnectionProfile> = {}): ConnectionProfile =>
  ConnectionProfile.parse({
    id: `id-${name.replace(/\W/g, '_')}-000`,
    name,
    destination,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  });
const at = '2026-03-01T10:00:00.000Z';
const sources = {
  profiles: [saved('web prod', 'web.example.org', { user: 'deploy' }), saved('db', '10.0.0.5'), saved('prod-api', 'api.example.org')],
  configHosts: [configHost('prod-bastion', { user: 'ops', port: 2222 }), configHost('ops@z:22', { isJumpOnly: true }), configHost('lab')],
  history: [
    { destination: 'root@10.9.9.9:2200', lastConnectedAt: at },
    { destination: 'lab', lastConnectedAt: at },
    { destination: 'me@prod.example', lastConnectedAt: at },
  ],
};
const shown = (text: string): string[] => completions(text, sources).map((item) => `${item.kind}:${item.label}`);

describe('quick connect completions', () => {
  it('offers the recent destinations when nothing is typed (an alias once, as the config host it is)', () => {
    expect(shown('')).toEqual(['history:root@10.9.9.9:2200', 'history:me@prod.example']);
  });

  it('offers saved hosts, config hosts and history matching every word, names starting with the text first', () => {
    expect(shown('prod')).toEqual(['saved:prod-api', 'saved:web prod', 'config:prod-bastion', 'history:me@prod.example']);
    expect(shown('deploy web')).toEqual(['saved:web prod']);
    expect(shown(':2222')).toEqual(['config:prod-bastion']);
    // A jump host named only in a ProxyJump is no entry to connect to.
    expect(shown('ops@z')).toEqual([]);
    expect(completions('db', sources)[0]).toMatchObject({ kind: 'saved', profile: { name: 'db' } });
    expect(completions('bastion', sources)[0]).toMatchObject({ kind: 'config', destination: 'prod-bastion', detail: 'ops@prod-bastion.internal:2222' });
  });
});
