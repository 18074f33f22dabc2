import { describe, expect, it } from 'vitest';
import { ConnectionProfile } from '../../../../shared/model';
import { emptyHostForm, hostFormOf, parseTags, toDraft } from '../../../../renderer/connections/host-form';

describe('the host form: group and tags', () => {
  it('reads tags as comma-separated words, once each', () => {
    expect(parseTags(' prod, db ,, prod,eu west ')).toEqual(['prod', 'db', 'eu west']);
    expect(parseTags('')).toEqual([]);
  });

  it('saves the group and tags, and an edit shows them and keeps the last use out of the draft', () => {
    const form = { ...emptyHostForm('deploy@web.example.org'), group: ' Production ', tags: 'frontend, eu', color: '#10b981' };
    const created = toDraft(form);
    expect(created.ok && created.draft).toMatchObject({ group: 'Production', tags: ['frontend', 'eu'], color: '#10b981' });

    const saved = ConnectionProfile.parse({
      id: 'profile-0001',
      name: 'web',
      destination: 'web.example.org',
      group: 'Production',
      tags: ['frontend'],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      lastUsedAt: '2026-02-01T00:00:00.000Z',
    });
    const shown = hostFormOf(saved);
    expect(shown).toMatchObject({ group: 'Production', tags: 'frontend' });
    const edited = toDraft({ ...shown, group: '', tags: '', color: '' }, saved);
    expect(edited.ok && edited.draft).toMatchObject({ group: undefined, tags: [], color: undefined });
    expect(edited.ok && 'lastUsedAt' in edited.draft).toBe(false);
  });
});
