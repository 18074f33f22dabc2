import { describe, expect, it } from 'vitest';
import { ConnectionProfile } from '../../../../shared/model';
import { configHost } from '../imported-host-fixture';
import { CONFIG_GROUP, configAddress, formatLastUsed, hostRows, hostsBetween, matchesQuery, sortHosts } from '../../../../renderer/app/frame/host-rows';

let next = 0;
const host = (name: string, extra: Partial<ConnectionProfile> = {}): ConnectionProfile =>
  ConnectionProfile.parse({
    id: `profile-${String(next++).padStart(4, '0')}`,
    name,
    destination: `${name.toLowerCase()}.example.org`,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  });

const web = host('Web', { user: 'deploy', group: 'Production', tags: ['frontend'], lastUsedAt: '2026-03-02T00:00:00.000Z' });
const db = host('db', { destination: '10.0.0.5', group: 'Production', tags: ['postgres', 'eu'] });
const lab = host('Lab 10', { group: 'Lab', lastUsedAt: '2026-03-03T00:00:00.000Z' });
const lab2 = host('Lab 9', { group: 'Lab', lastUsedAt: '2026-03-01T00:00:00.000Z' });
const laptop = host('laptop', { port: 2222 });
const all = [web, db, lab, lab2, laptop];
const names = (rows: ReturnType<typeof hostRows>): string[] =>
  rows.map((row) =>
    row.kind === 'group' || row.kind === 'config-group' ? `[${row.group}]` : row.kind === 'host' ? row.profile.name : `config:${row.host.key}`,
  );

describe('the hosts sidebar model', () => {
  it('matches every word against name, address, user, group and tags, ignoring case', () => {
    const found = (query: string): string[] => all.filter((profile) => matchesQuery(profile, query)).map((profile) => profile.name);
    expect(found('')).toHaveLength(5);
    expect(found('WEB')).toEqual(['Web']);
    expect(found('10.0.0')).toEqual(['db']);
    expect(found('deploy')).toEqual(['Web']);
    expect(found('lab')).toEqual(['Lab 10', 'Lab 9']);
    expect(found('postgres')).toEqual(['db']);
    expect(found('production eu')).toEqual(['db']);
    expect(found(':2222')).toEqual(['laptop']);
    expect(found('nothing')).toEqual([]);
  });

  it('sorts by name (numbers in order) or by last use, the never used last', () => {
    expect(sortHosts(all, 'name').map((profile) => profile.name)).toEqual(['db', 'Lab 9', 'Lab 10', 'laptop', 'Web']);
    expect(sortHosts(all, 'last-used').map((profile) => profile.name)).toEqual(['Lab 10', 'Web', 'Lab 9', 'db', 'laptop']);
  });

  it('puts ungrouped hosts first, then each group under its heading, folded groups without their hosts', () => {
    expect(names(hostRows(all, { query: '', sort: 'name', collapsed: new Set() }))).toEqual([
      'laptop',
      '[Lab]',
      'Lab 9',
      'Lab 10',
      '[Production]',
      'db',
      'Web',
    ]);
    const folded = hostRows(all, { query: '', sort: 'name', collapsed: new Set(['Lab']) });
    expect(names(folded)).toEqual(['laptop', '[Lab]', '[Production]', 'db', 'Web']);
    expect(folded[1]).toMatchObject({ kind: 'group', isCollapsed: true, hosts: [lab2, lab] });
  });

  it('shows matches inside folded groups while searching, and no empty groups', () => {
    expect(names(hostRows(all, { query: 'lab 9', sort: 'name', collapsed: new Set(['Lab']) }))).toEqual(['[Lab]', 'Lab 9']);
  });

  it('puts ~/.ssh/config’s concrete hosts last, under their own foldable group, searched like the rest', () => {
    const config = [
      configHost('gate', { user: 'ops', port: 2222 }),
      configHost('app', { jump: ['gate'] }),
      configHost('ops@z.example:22', { isJumpOnly: true }),
    ];
    const view = { query: '', sort: 'name' as const, collapsed: new Set<string>() };
    expect(names(hostRows([laptop, lab], view, config))).toEqual(['laptop', '[Lab]', 'Lab 10', `[${CONFIG_GROUP}]`, 'config:app', 'config:gate']);
    expect(names(hostRows([laptop], { ...view, collapsed: new Set([CONFIG_GROUP]) }, config))).toEqual(['laptop', `[${CONFIG_GROUP}]`]);
    // By alias, address, user and port; a folded group still shows what the search finds.
    expect(names(hostRows([laptop], { ...view, query: 'ops', collapsed: new Set([CONFIG_GROUP]) }, config))).toEqual([`[${CONFIG_GROUP}]`, 'config:gate']);
    expect(names(hostRows([laptop], { ...view, query: 'app.internal' }, config))).toEqual([`[${CONFIG_GROUP}]`, 'config:app']);
    expect(names(hostRows([laptop], { ...view, query: 'nothing' }, config))).toEqual([]);
    expect(configAddress(config[0]!)).toBe('ops@gate.internal:2222');
    expect(configAddress(config[1]!)).toBe('app.internal');
  });

  it('takes the hosts between two rows for a Shift+click, either way round', () => {
    const rows = hostRows(all, { query: '', sort: 'name', collapsed: new Set() });
    expect(hostsBetween(rows, 5, 0).map((profile) => profile.name)).toEqual(['laptop', 'Lab 9', 'Lab 10', 'db']);
  });

  it('says when a host was last used', () => {
    const now = new Date('2026-03-10T12:00:00.000Z');
    expect(formatLastUsed(undefined, now)).toBe('never used');
    expect(formatLastUsed('2026-03-10T11:59:30.000Z', now)).toBe('used just now');
    expect(formatLastUsed('2026-03-10T11:55:00.000Z', now)).toBe('used 5 min ago');
    expect(formatLastUsed('2026-03-10T09:00:00.000Z', now)).toBe('used 3 h ago');
    expect(formatLastUsed('2026-03-09T09:00:00.000Z', now)).toBe('used yesterday');
    expect(formatLastUsed('2026-03-06T09:00:00.000Z', now)).toBe('used 4 days ago');
    expect(formatLastUsed('2026-01-06T09:00:00.000Z', now)).toMatch(/^used .*2026/);
  });
});
