import { describe, expect, it } from 'vitest';
import { planTarget, resolveTarget } from '../../../../../main/ssh/config/connect-target';
import { ConnectionProfile, type ConnectionProfileDraft } from '../../../../../shared/model';

const env = { HOME: '/nonexistent-home', USER: 'me' };

function saved(id: string, fields: Omit<ConnectionProfileDraft, 'name'> & { name?: string }): ConnectionProfile {
  return ConnectionProfile.parse({ name: id, configFile: 'none', ...fields, id: `${id}-host`, createdAt: '', updatedAt: '' });
}

function context(...profiles: ConnectionProfile[]) {
  return { env, findProfile: (id: string) => profiles.find((profile) => profile.id === id) };
}

const route = (hops: { alias: string; user: string; port: number; identityFiles: string[]; strictHostKeyChecking: string }[]) =>
  hops.map(({ alias, user, port, identityFiles, strictHostKeyChecking }) => ({ alias, user, port, identityFiles, strictHostKeyChecking }));

describe('resolveTarget', () => {
  it('a saved connection that was removed is PROFILE_NOT_FOUND, not a bad input', () => {
    expect(() => planTarget({ profileId: 'gone' }, () => undefined, {})).toThrow(expect.objectContaining({ code: 'PROFILE_NOT_FOUND' }));
  });

  it('a jump hop that is a saved host brings its own user, port, key and host-key setting, and its own jump hosts', async () => {
    const outer = saved('outer', { destination: 'outer.example', user: 'gate', port: 2200, identityFiles: ['/keys/gate'], strictHostKeyChecking: 'yes' });
    const inner = saved('inner', { destination: 'inner.example', user: 'ops', jump: [{ profileId: outer.id }] });
    const app = saved('app', {
      destination: 'app.internal',
      user: 'deploy',
      identityFiles: ['/keys/app'],
      jump: [{ profileId: inner.id }, { destination: 'relay@relay.internal:2022' }],
    });
    const hops = await resolveTarget({ profileId: app.id }, context(outer, inner, app));
    expect(route(hops)).toEqual([
      { alias: 'outer.example', user: 'gate', port: 2200, identityFiles: ['/keys/gate'], strictHostKeyChecking: 'yes' },
      {
        alias: 'inner.example',
        user: 'ops',
        port: 22,
        identityFiles: ['/nonexistent-home/.ssh/id_ed25519', '/nonexistent-home/.ssh/id_ecdsa', '/nonexistent-home/.ssh/id_rsa'],
        strictHostKeyChecking: 'ask',
      },
      // A typed hop takes the route's keys, as a -J hop takes -i.
      { alias: 'relay.internal', user: 'relay', port: 2022, identityFiles: ['/keys/app'], strictHostKeyChecking: 'ask' },
      { alias: 'app.internal', user: 'deploy', port: 22, identityFiles: ['/keys/app'], strictHostKeyChecking: 'ask' },
    ]);
  });

  it('a spec whose jump hosts are typed resolves as the -J text would', async () => {
    const spec = { destination: 'app', identityFiles: ['/k'], forwardAgent: false, options: {}, configFile: 'none' };
    const asText = await resolveTarget({ spec: { ...spec, jump: 'a,me@b:2' } }, context());
    const asHops = await resolveTarget({ spec: { ...spec, jump: [{ destination: 'a' }, { destination: 'me@b:2' }] } }, context());
    expect(asHops).toEqual(asText);
    expect(asText.map((hop) => hop.alias)).toEqual(['a', 'b', 'app']);
  });

  it('refuses a saved host that jumps through itself, naming the circle', async () => {
    const a = saved('a', { destination: 'a.example', jump: [{ profileId: 'b-host' as never }] });
    const b = saved('b', { destination: 'b.example', jump: [{ profileId: 'a-host' as never }] });
    await expect(resolveTarget({ profileId: a.id }, context(a, b))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('a → b → a'),
    });
    const self = saved('self', { destination: 's.example', jump: [{ destination: 'x' }, { profileId: 'self-host' as never }] });
    await expect(resolveTarget({ profileId: self.id }, context(self))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('a jump through a saved host that was removed names the host that uses it', async () => {
    const app = saved('app', { destination: 'app.internal', jump: [{ profileId: 'gone-host' as never }] });
    await expect(resolveTarget({ profileId: app.id }, context(app))).rejects.toMatchObject({
      code: 'PROFILE_NOT_FOUND',
      message: expect.stringContaining('app jumps through a saved host that no longer exists'),
    });
  });
});
