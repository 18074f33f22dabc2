import { describe, expect, it } from 'vitest';
import { TunnelProfile } from '../../../../shared/model/tunnel-profile';
import { copyNameOf, emptyForwardRow, emptyTunnelForm, rowErrors, toTunnel, tunnelFormOf } from '../../../../renderer/connections/tunnel-form';

const row = (fields: Partial<ReturnType<typeof emptyForwardRow>>) => ({ ...emptyForwardRow(), ...fields });

describe('the tunnel form', () => {
  it('builds a tunnel to a saved host with local, remote and SOCKS forwards that the model accepts', () => {
    const form = {
      ...emptyTunnelForm('profile-0001'),
      name: 'db',
      forwards: [
        row({ bindPort: '8080', host: 'db', hostPort: '5432' }),
        row({ kind: 'remote', bindAddress: '0.0.0.0', bindPort: '9000', host: '[::1]', hostPort: '80' }),
        row({ kind: 'dynamic', bindPort: '1080', host: '' }),
        row({ bindPort: '5433', host: '/run/pg.sock', hostPort: '' }),
      ],
    };
    const checked = toTunnel(form);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(TunnelProfile.parse(checked.tunnel)).toEqual(checked.tunnel);
    expect(checked.tunnel.connection).toEqual({ profileId: 'profile-0001' });
    expect(checked.tunnel.forwards).toEqual([
      { kind: 'local', bindPort: 8080, target: { host: 'db', port: 5432 } },
      { kind: 'remote', bindPort: 9000, bindAddress: '0.0.0.0', target: { host: '::1', port: 80 } },
      { kind: 'dynamic', bindPort: 1080 },
      { kind: 'local', bindPort: 5433, target: { socketPath: '/run/pg.sock' } },
    ]);
  });

  it('keeps a SOCKS proxy on the server and a unix-socket listener through an edit, as the command line saved them', () => {
    const saved = TunnelProfile.parse({
      name: 'odd',
      connection: { profileId: 'profile-0001' },
      forwards: [
        { kind: 'remote', bindPort: 1080 },
        { kind: 'local', bindPort: 0, bindSocket: '/tmp/db.sock', target: { host: 'db', port: 5432 } },
      ],
    });
    const form = tunnelFormOf(saved);
    expect(form.forwards.map((forward) => forward.kind)).toEqual(['remote-socks', 'local']);
    expect(rowErrors(form.forwards[1]!)).toEqual({});
    const again = toTunnel(form);
    expect(again.ok && again.tunnel.forwards).toEqual(saved.forwards);
  });

  it('says what is wrong, field by field, and refuses one local port twice', () => {
    expect(rowErrors(row({ bindPort: '70000', host: '', hostPort: 'x' }))).toEqual({
      bindPort: 'Use a number from 0 to 65535.',
      host: 'Enter the host to reach, or a socket path starting with /.',
    });
    expect(rowErrors(row({ bindPort: '80', host: 'db', hostPort: '0' }))).toEqual({ hostPort: 'Use a number from 1 to 65535.' });
    const twice = toTunnel({
      ...emptyTunnelForm(),
      name: '-bad',
      destination: 'a b',
      forwards: [row({ key: 'a', bindPort: '8080', hostPort: '1' }), row({ key: 'b', bindPort: '8080', hostPort: '2' })],
    });
    expect(twice.ok).toBe(false);
    if (twice.ok) return;
    expect(twice.errors.name).toMatch(/starting with a letter or digit/);
    expect(twice.errors.target).toMatch(/no spaces/);
    expect(twice.errors.rows).toEqual({ b: { bindPort: 'Port 8080 is used by another forward of this tunnel.' } });
  });

  it('keeps the target probe interval through an edit, saves none when empty, and refuses what is not 1 to 3600 seconds', () => {
    const saved = TunnelProfile.parse({
      name: 'probed',
      connection: { profileId: 'profile-0001' },
      forwards: [{ kind: 'local', bindPort: 8080, target: { host: 'db', port: 80 } }],
      probeTargetsEverySeconds: 30,
    });
    const form = tunnelFormOf(saved);
    expect(form.probeTargetsSeconds).toBe('30');
    const again = toTunnel(form);
    expect(again.ok && again.tunnel).toEqual(saved);
    const changed = toTunnel({ ...form, probeTargetsSeconds: ' 5 ' });
    expect(changed.ok && changed.tunnel.probeTargetsEverySeconds).toBe(5);
    const off = toTunnel({ ...form, probeTargetsSeconds: '' });
    expect(off.ok && 'probeTargetsEverySeconds' in off.tunnel).toBe(false);
    expect(emptyTunnelForm().probeTargetsSeconds).toBe('');
    for (const wrong of ['0', '3601', 'often', '2.5']) {
      const refused = toTunnel({ ...form, probeTargetsSeconds: wrong });
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.errors.probeTargets).toBe('Use a number of seconds from 1 to 3600, or leave it empty to not check.');
    }
  });

  it('edits a tunnel saved from the command line without losing what the form does not show', () => {
    const saved = TunnelProfile.parse({
      name: 'api',
      connection: { spec: { destination: 'api.internal', user: 'deploy', port: 2222, jump: 'bastion', identityFiles: ['~/.ssh/api'] } },
      forwards: [{ kind: 'local', bindPort: 8443, target: { host: 'localhost', port: 443 } }],
      reconnect: { initialDelayMs: 2000, multiplier: 3, jitter: 0.1 },
      keepalive: { mode: 'tcp' },
      autoStart: true,
    });
    const form = tunnelFormOf(saved);
    expect(form.destination).toBe('deploy@api.internal:2222');
    const again = toTunnel(form);
    expect(again.ok && again.tunnel).toEqual(saved);
    expect(tunnelFormOf(saved, copyNameOf('api', ['api', 'api-copy'])).name).toBe('api-copy-2');
  });
});
