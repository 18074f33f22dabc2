import { describe, expect, it } from 'vitest';
import { cliTarget, jumpRouteOf, type SavedHostLookup } from '../../../../main/cli/saved-target';
import { AppError } from '../../../../shared/errors';
import { ConnectionProfile } from '../../../../shared/model/profile';

const host = (fields: Record<string, unknown> & { name: string; id: string }): ConnectionProfile =>
  ConnectionProfile.parse({ destination: `${fields.name}.internal`, createdAt: 'x', updatedAt: 'x', ...fields });
const bastion = host({ name: 'bastion', id: 'bastion-id', user: 'ops', port: 2200, identityFiles: ['/k/ops'] });
const app = host({
  name: 'app',
  id: 'app-id-01',
  user: 'deploy',
  port: 2222,
  identityFiles: ['/k/deploy'],
  jump: [{ profileId: bastion.id }],
  strictHostKeyChecking: 'yes',
  options: { ServerAliveInterval: '15', ConnectTimeout: '5' },
});
const saved: SavedHostLookup = { byName: (name) => [bastion, app].find((h) => h.name === name || h.id === name) };
const none = { identityFiles: [], options: {} };

describe('cliTarget: a saved host by name, flags winning over its settings', () => {
  it('names a saved host by reference when no flag changes it (by name or by id)', () => {
    expect(cliTarget('app', none, saved)).toEqual({ target: { profileId: 'app-id-01' }, profile: app });
    expect(cliTarget('app-id-01', none, saved).target).toEqual({ profileId: 'app-id-01' });
  });

  it('leaves what is no saved host to ~/.ssh/config and DNS, as before', () => {
    expect(cliTarget('me@db:2200', { ...none, port: 22 }, saved).target).toEqual({
      spec: {
        destination: 'me@db:2200',
        port: 22,
        user: undefined,
        jump: undefined,
        identityFiles: [],
        options: {},
        forwardAgent: false,
        configFile: undefined,
      },
    });
  });

  it('user@NAME and NAME:port override the saved user and port; -l and -p win over both', () => {
    const spec = (destination: string, args = none) => {
      const { target } = cliTarget(destination, args, saved);
      if (!('spec' in target)) throw new Error('expected a spec');
      return target.spec;
    };
    expect(spec('root@app')).toMatchObject({ destination: 'app.internal', user: 'root', port: 2222, jump: [{ profileId: 'bastion-id' }] });
    expect(spec('app:2022')).toMatchObject({ user: 'deploy', port: 2022 });
    expect(spec('root@app:2022', { ...none, user: 'alice', port: 9 } as never)).toMatchObject({ user: 'alice', port: 9 });
  });

  it('-i keys come before the saved ones; -o replaces the same option whatever its case, host-key checking included; -J and -F replace', () => {
    const { target } = cliTarget(
      'app',
      { identityFiles: ['/k/mine', '/k/deploy'], options: { serveraliveinterval: '30', stricthostkeychecking: 'no' }, jump: 'none', configFile: '/c' },
      saved,
    );
    expect(target).toEqual({
      spec: {
        destination: 'app.internal',
        port: 2222,
        user: 'deploy',
        jump: 'none',
        identityFiles: ['/k/mine', '/k/deploy'],
        strictHostKeyChecking: undefined,
        forwardAgent: false,
        options: { ConnectTimeout: '5', serveraliveinterval: '30', stricthostkeychecking: 'no' },
        configFile: '/c',
      },
    });
  });
});

describe('jumpRouteOf: saved hosts in -J', () => {
  it('makes saved hosts hops by reference and keeps typed hops as typed', () => {
    expect(jumpRouteOf('bastion, me@inner:2222', saved)).toEqual([{ profileId: 'bastion-id' }, { destination: 'me@inner:2222' }]);
  });

  it('keeps a list that names no saved host as the text it was, and none as none', () => {
    expect(jumpRouteOf('a,b@c:22', saved)).toBe('a,b@c:22');
    expect(jumpRouteOf('none', saved)).toBe('none');
    expect(jumpRouteOf(undefined, saved)).toBeUndefined();
  });

  it('refuses a saved host given with a user or port, and an empty hop', () => {
    for (const text of ['ops@bastion', 'bastion:22,x', 'bastion,,x']) {
      expect(() => jumpRouteOf(text, saved)).toThrow(AppError);
    }
  });
});
