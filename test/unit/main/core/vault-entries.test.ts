import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeVaultEntries } from '../../../../main/core/vault-entries';
import { secretNames } from '../../../../main/storage/secret-names';
import { ConnectionProfile } from '../../../../shared/model/profile';

const profile = (id: string, name: string, fields: Record<string, unknown>) =>
  ConnectionProfile.parse({ id, name, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', ...fields });

describe('what the vault holds, as the Vault page shows it', () => {
  const build = profile('host-build', 'Build server', { destination: 'build.example.com', user: 'deploy', identityFiles: ['~/.ssh/id_build'] });
  const db = profile('host-db01', 'Database', { destination: 'db.example.com', port: 2222 });
  const profiles = [build, db];

  it('names each entry by host and key file with the saved hosts it serves, never its secret; the bound host key beside a password', () => {
    const secrets = new Map([
      ['ssh-password:deploy@build.example.com:22', 'hunter2'],
      ['ssh-password:deploy@build.example.com:22#host-key', 'SHA256:abc'],
      ['ssh-password:root@db.example.com:2222', 'pw'],
      ['key-passphrase:~/.ssh/id_build', 's3cr3t-words'],
      [secretNames.password(db.id), 'imported'],
      [secretNames.keyboardInteractive(build.id, 'Code: '), '1234'],
      [secretNames.keyPassphrase(path.join(os.homedir(), '.ssh', 'id_build')), 'other'],
      [secretNames.password('host-gone1' as never), 'x'],
    ]);
    const entries = describeVaultEntries([...secrets.keys()].sort(), profiles, (name) => secrets.get(name));
    expect(JSON.stringify(entries)).not.toMatch(/hunter2|imported|s3cr3t-words|1234/);
    expect(entries).toEqual(
      expect.arrayContaining([
        {
          id: 'ssh-password:deploy@build.example.com:22',
          kind: 'password',
          label: 'deploy@build.example.com:22',
          hosts: [{ id: build.id, name: 'Build server' }],
          hostKeyFingerprint: 'SHA256:abc',
        },
        { id: 'ssh-password:root@db.example.com:2222', kind: 'password', label: 'root@db.example.com:2222', hosts: [{ id: db.id, name: 'Database' }] },
        { id: 'key-passphrase:~/.ssh/id_build', kind: 'key-passphrase', label: '~/.ssh/id_build', hosts: [{ id: build.id, name: 'Build server' }] },
        { id: secretNames.password(db.id), kind: 'password', label: 'Password of Database', hosts: [{ id: db.id, name: 'Database' }] },
        expect.objectContaining({ kind: 'keyboard-interactive', hosts: [{ id: build.id, name: 'Build server' }] }),
        expect.objectContaining({ kind: 'key-passphrase', label: '~/.ssh/id_build', hosts: [{ id: build.id, name: 'Build server' }] }),
        expect.objectContaining({ kind: 'password', label: 'Password of a removed host', hosts: [] }),
      ]),
    );
    // The bound host key is part of its password's entry, not one of its own.
    expect(entries).toHaveLength(7);
  });
});
