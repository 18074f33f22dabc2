import { describe, expect, it } from 'vitest';
import { formatTable, hostsJson, hostsTable, lastUsedText } from '../../../../main/cli/hosts-list';
import { ConnectionProfile } from '../../../../shared/model/profile';

const host = (fields: Record<string, unknown> & { name: string; id: string }): ConnectionProfile =>
  ConnectionProfile.parse({ destination: '10.0.0.1', createdAt: 'x', updatedAt: 'x', ...fields });

describe('hosts list output', () => {
  const now = new Date('2026-12-03T12:00:00Z');

  it('says when a host was last used in words, and a date past a month', () => {
    expect(lastUsedText(null, now)).toBe('never');
    expect(lastUsedText('2026-12-03T11:59:30Z', now)).toBe('just now');
    expect(lastUsedText('2026-12-03T11:55:00Z', now)).toBe('5 min ago');
    expect(lastUsedText('2026-12-03T09:00:00Z', now)).toBe('3 h ago');
    expect(lastUsedText('2026-12-02T12:00:00Z', now)).toBe('1 day ago');
    expect(lastUsedText('2026-11-20T12:00:00Z', now)).toBe('13 days ago');
    expect(lastUsedText('2026-09-01T12:00:00Z', now)).toBe('2026-09-01');
  });

  it('sorts by name, names jump hosts, and leaves out empty optional columns', () => {
    const bastion = host({ id: 'bastion-01', name: 'bastion', user: 'ops', port: 2200 });
    const hosts = [host({ id: 'web-000001', name: 'Web', jump: [{ profileId: bastion.id }, { destination: 'me@inner' }] }), bastion];
    const json = hostsJson(hosts, (id) => hosts.find((h) => h.id === id), undefined);
    expect(json.hosts.map((h) => [h.name, h.address, h.jump])).toEqual([
      ['bastion', 'ops@10.0.0.1:2200', []],
      ['Web', '10.0.0.1', [{ id: 'bastion-01', name: 'bastion' }, { address: 'me@inner' }]],
    ]);
    expect(hostsTable(json, undefined, now)).toBe(
      [
        'NAME     ADDRESS            VIA                LAST USED',
        'bastion  ops@10.0.0.1:2200                     never',
        'Web      10.0.0.1           bastion, me@inner  never',
        '',
      ].join('\n'),
    );
  });

  it('cuts the widest cells with an ellipsis to fit the width, none below its minimum, and escapes control characters', () => {
    const rows = [[`a-very-long-host-name-${'x'.repeat(40)}`, 'short', `\u001b[31mred`]];
    const text = formatTable(
      [
        { title: 'NAME', min: 12 },
        { title: 'B', min: 4 },
        { title: 'C', min: 4 },
      ],
      rows,
      40,
    );
    for (const line of text.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
    expect(text).toContain('…');
    expect(text).not.toContain('\u001b');
  });
});
