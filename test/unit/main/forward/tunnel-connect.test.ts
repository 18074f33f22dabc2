import { describe, expect, it } from 'vitest';
import { HopSpec } from '../../../../shared/model';
import { KeepalivePolicy } from '../../../../shared/model/tunnel-profile';
import { applyKeepalive } from '../../../../main/forward/tunnel-connect';

const hop = HopSpec.parse({ alias: 'db', host: 'db', user: 'me', serverAliveInterval: 60, tcpKeepAlive: false });

describe('applyKeepalive', () => {
  it('ssh: keepalive requests on every hop at the tunnel interval', () => {
    const [applied] = applyKeepalive([hop], KeepalivePolicy.parse({ mode: 'ssh', intervalSeconds: 10, countMax: 2 }));
    expect(applied).toMatchObject({ serverAliveInterval: 10, serverAliveCountMax: 2, tcpKeepAlive: true });
  });

  it('tcp: TCP keepalive only, for bastions that drop SSH keepalive requests', () => {
    const [applied] = applyKeepalive([hop], KeepalivePolicy.parse({ mode: 'tcp' }));
    expect(applied).toMatchObject({ serverAliveInterval: 0, tcpKeepAlive: true });
  });

  it('off: neither', () => {
    const [applied] = applyKeepalive([hop, hop], KeepalivePolicy.parse({ mode: 'off' }));
    expect(applied).toMatchObject({ serverAliveInterval: 0, tcpKeepAlive: false });
  });
});
