import { describe, expect, it } from 'vitest';
import { formatDestination, parseDestination, parseJumpList } from '../../../../renderer/connections/destination';
import type { ConnectionProfile } from '../../../../shared/model';
import { emptyHostForm, fieldOfError, type HostForm, hostFormOf, parseEnvLines, toDraft } from '../../../../renderer/connections/host-form';

describe('parseDestination', () => {
  it.each([
    ['example.com', { host: 'example.com' }],
    ['deploy@example.com', { user: 'deploy', host: 'example.com' }],
    ['deploy@example.com:2222', { user: 'deploy', host: 'example.com', port: 2222 }],
    ['me@corp.example@jump', { user: 'me@corp.example', host: 'jump' }],
    ['[::1]:2200', { host: '::1', port: 2200 }],
    ['root@[fd00::12]', { user: 'root', host: 'fd00::12' }],
    ['fe80::1', { host: 'fe80::1' }],
    ['  prod-alias  ', { host: 'prod-alias' }],
  ])('reads %s', (text, expected) => {
    expect(parseDestination(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'Enter a host'],
    ['a b', 'no spaces'],
    ['@host', 'user name'],
    ['host:0', 'not a port'],
    ['host:70000', 'not a port'],
    ['host:ssh', 'not a port'],
    ['[::1', 'closing'],
    ['[::1]x', 'After'],
    ['user@:22', 'host name is empty'],
  ])('refuses %j with a sentence', (text, fragment) => {
    const parsed = parseDestination(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(fragment);
  });

  it('writes back what it read', () => {
    expect(formatDestination({ user: 'root', destination: 'fd00::12', port: 2200 })).toBe('root@[fd00::12]:2200');
    expect(formatDestination({ destination: 'example.com' })).toBe('example.com');
  });

  it('checks each jump host', () => {
    expect(parseJumpList(' a@b:2 , c ')).toEqual({ ok: true, value: 'a@b:2,c' });
    expect(parseJumpList('')).toEqual({ ok: true, value: undefined });
    expect(parseJumpList('ok, bad:port').ok).toBe(false);
  });
});

describe('the host form', () => {
  it('becomes the draft profiles.save takes, named after the host when no name is given', () => {
    const checked = toDraft({
      ...emptyHostForm(),
      destination: 'deploy@build:2222',
      jump: 'bastion',
      identityFile: '~/.ssh/id_ed25519',
      env: 'LANG=C.UTF-8\n\nTZ=UTC',
      autoReconnect: true,
    });
    expect(checked).toEqual({
      ok: true,
      draft: {
        name: 'build',
        destination: 'build',
        user: 'deploy',
        port: 2222,
        jump: 'bastion',
        identityFiles: ['~/.ssh/id_ed25519'],
        group: undefined,
        tags: [],
        color: undefined,
        env: { LANG: 'C.UTF-8', TZ: 'UTC' },
        startupCommand: undefined,
        autoReconnect: true,
        recordSessions: false,
        recordInput: false,
      },
    });
  });

  it('reports each bad field', () => {
    expect(toDraft({ ...emptyHostForm(), name: 'x', destination: 'a b', jump: 'c:d', env: 'GOOD=1\nnot a pair' })).toEqual({
      ok: false,
      errors: { destination: expect.any(String), jump: expect.stringContaining('Jump host "c:d"'), env: expect.stringContaining('Line 2') },
    });
    expect(parseEnvLines('A=b=c')).toEqual({ ok: true, value: { A: 'b=c' } });
  });

  it("maps main's validation messages to the field they are about", () => {
    expect(fieldOfError('Invalid input for profiles.save at name: Too big.')).toBe('name');
    expect(fieldOfError('Invalid input for profiles.save at port: Too small.')).toBe('destination');
    expect(fieldOfError('Invalid input for profiles.save at identityFiles.0: Too big.')).toBe('identityFile');
    expect(fieldOfError('The profiles file could not be written.')).toBeUndefined();
  });
});

describe('editing a host', () => {
  it('shows the saved destination and keeps what the form does not show', () => {
    const saved = {
      id: 'abcdef123',
      name: 'Router',
      destination: 'fd00::12',
      user: 'root',
      port: 2200,
      jump: 'bastion',
      identityFiles: ['~/.ssh/a', '~/.ssh/b'],
      forwardAgent: true,
      options: { Compression: 'yes' },
      env: { LANG: 'C.UTF-8' },
      startupCommand: 'tmux new -A',
      autoReconnect: true,
      recordSessions: false,
      recordInput: false,
      tags: ['edge'],
      color: '#ef4444',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
    } as unknown as ConnectionProfile;
    const form = hostFormOf(saved);
    expect(form).toEqual({
      name: 'Router',
      destination: 'root@[fd00::12]:2200',
      jumpHost: '',
      jump: 'bastion',
      identityFile: '~/.ssh/a',
      group: '',
      tags: 'edge',
      color: '#ef4444',
      env: 'LANG=C.UTF-8',
      startupCommand: 'tmux new -A',
      autoReconnect: true,
      recordSessions: false,
      recordInput: false,
    });
    const checked = toDraft({ ...form, destination: 'fd00::12', identityFile: '~/.ssh/c' }, saved);
    expect(checked).toEqual({
      ok: true,
      draft: {
        id: 'abcdef123',
        name: 'Router',
        destination: 'fd00::12',
        user: undefined,
        port: undefined,
        jump: 'bastion',
        identityFiles: ['~/.ssh/c', '~/.ssh/b'],
        forwardAgent: true,
        options: { Compression: 'yes' },
        group: undefined,
        tags: ['edge'],
        color: '#ef4444',
        env: { LANG: 'C.UTF-8' },
        startupCommand: 'tmux new -A',
        autoReconnect: true,
        recordSessions: false,
        recordInput: false,
      },
    });
  });

  it('a jump through a saved host is a hop by id, then the typed ones; the form shows them apart', () => {
    const saved = {
      name: 'Router',
      destination: 'fd00::12',
      identityFiles: [],
      env: {},
      tags: [],
      jump: [{ profileId: 'bastion-01' }, { destination: 'inner' }],
    } as unknown as ConnectionProfile;
    const form = hostFormOf(saved);
    expect([form.jumpHost, form.jump]).toEqual(['bastion-01', 'inner']);
    const draft = (fields: Partial<HostForm>) => {
      const checked = toDraft({ ...form, ...fields }, saved);
      return checked.ok ? checked.draft.jump : checked.errors;
    };
    expect(draft({})).toEqual([{ profileId: 'bastion-01' }, { destination: 'inner' }]);
    expect(draft({ jump: '' })).toEqual([{ profileId: 'bastion-01' }]);
    expect(draft({ jumpHost: '' })).toBe('inner');
    expect(draft({ jumpHost: 'other-host', jump: 'a, me@b:2' })).toEqual([{ profileId: 'other-host' }, { destination: 'a' }, { destination: 'me@b:2' }]);
  });

  it('a route with saved hosts past the first hop, which the fields cannot show, is kept as it is', () => {
    const jump = [{ profileId: 'outer-01' }, { destination: 'x' }, { profileId: 'inner-01' }];
    const saved = { name: 'Router', destination: 'fd00::12', identityFiles: [], env: {}, tags: [], jump } as unknown as ConnectionProfile;
    const form = hostFormOf(saved);
    expect(form.keptJump).toEqual(jump);
    const checked = toDraft({ ...form, name: 'Renamed' }, saved);
    expect(checked.ok && checked.draft.jump).toEqual(jump);
  });
});
