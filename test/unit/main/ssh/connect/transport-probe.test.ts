import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TransportProbe } from '../../../../../main/ssh/connect/transport-probe';

function nameList(names: string[]): Buffer {
  const text = Buffer.from(names.join(','));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(text.length);
  return Buffer.concat([length, text]);
}

function kexInitPacket(kex: string[]): Buffer {
  const payload = Buffer.concat([
    Buffer.from([20]),
    Buffer.alloc(16, 7),
    nameList(kex),
    nameList(['ssh-ed25519']),
    nameList(['aes128-ctr']),
    nameList(['chacha20-poly1305@openssh.com', 'aes128-ctr']),
    nameList(['hmac-sha2-256']),
    nameList(['hmac-sha2-256-etm@openssh.com']),
    nameList(['none']),
    nameList(['none']),
    nameList([]),
    nameList([]),
    Buffer.from([0, 0, 0, 0, 0]),
  ]);
  const padding = 8 - ((payload.length + 5) % 8) + 4;
  const header = Buffer.alloc(5);
  header.writeUInt32BE(payload.length + padding + 1);
  header[4] = padding;
  return Buffer.concat([header, payload, Buffer.alloc(padding)]);
}

describe('TransportProbe', () => {
  it('reads the identification line and the server KEXINIT, split across chunks', () => {
    const stream = new PassThrough();
    const idents: string[] = [];
    const probe = new TransportProbe(stream, (line) => idents.push(line));
    const bytes = Buffer.concat([
      Buffer.from('a greeting line\r\nSSH-2.0-OpenSSH_9.2\r\n'),
      kexInitPacket(['curve25519-sha256', 'kex-strict-s-v00@openssh.com']),
    ]);
    for (let i = 0; i < bytes.length; i += 7) stream.write(bytes.subarray(i, i + 7));
    expect(idents).toEqual(['SSH-2.0-OpenSSH_9.2']);
    expect(probe.kexInit).toEqual({
      kex: ['curve25519-sha256', 'kex-strict-s-v00@openssh.com'],
      serverHostKey: ['ssh-ed25519'],
      cipherS2C: ['chacha20-poly1305@openssh.com', 'aes128-ctr'],
      macS2C: ['hmac-sha2-256-etm@openssh.com'],
      isStrictKex: true,
    });
  });

  it('notices a server without strict key exchange', () => {
    const stream = new PassThrough();
    const probe = new TransportProbe(stream);
    stream.write(Buffer.concat([Buffer.from('SSH-2.0-old\r\n'), kexInitPacket(['curve25519-sha256'])]));
    expect(probe.kexInit?.isStrictKex).toBe(false);
  });

  it('tells an HTTP answer from an SSH server and quotes it', () => {
    const stream = new PassThrough();
    const probe = new TransportProbe(stream);
    stream.write('HTTP/1.1 400 Bad Request\r\nServer: x\r\n\r\n');
    expect(probe.isNotSsh).toBe(true);
    expect(probe.firstPrintable()).toBe('HTTP/1.1 400 Bad Request');
  });

  it('does not call a slow SSH server "not SSH"', () => {
    const stream = new PassThrough();
    const probe = new TransportProbe(stream);
    stream.write('SSH-2.0-');
    expect(probe.isNotSsh).toBe(false);
  });
});
