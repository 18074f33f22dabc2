import { describe, expect, it } from 'vitest';
import { chooseAlgorithms, isTerrapinExposed, terrapinWarning } from '../../../../../main/ssh/connect/algorithms';

describe('algorithm lists', () => {
  it('offers no SHA-1, CBC or pre-auth compression unless legacy is asked for', () => {
    const modern = chooseAlgorithms({ legacy: false, knownHostKeyTypes: [] });
    const all = [modern.kex, modern.serverHostKey, modern.cipher, modern.hmac, modern.compress].flat() as string[];
    expect(all.filter((name) => /sha1|ssh-rsa$|-cbc|^zlib$|ssh-dss/.test(name))).toEqual([]);
    const legacy = chooseAlgorithms({ legacy: true, knownHostKeyTypes: [] });
    expect(legacy.cipher).toContain('aes128-cbc');
    expect(legacy.serverHostKey).toContain('ssh-rsa');
    expect(legacy.hmac).toContain('hmac-sha1');
  });

  it('puts host key types already known for the host first', () => {
    expect((chooseAlgorithms({ legacy: false, knownHostKeyTypes: ['ssh-rsa'] }).serverHostKey as string[]).slice(0, 2)).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256',
    ]);
    expect((chooseAlgorithms({ legacy: false, knownHostKeyTypes: ['ecdsa-sha2-nistp256'] }).serverHostKey as string[])[0]).toBe('ecdsa-sha2-nistp256');
    // ssh-rsa (SHA-1) is not smuggled back in by a known RSA key.
    expect(chooseAlgorithms({ legacy: false, knownHostKeyTypes: ['ssh-rsa'] }).serverHostKey).not.toContain('ssh-rsa');
  });

  it('an explicit cipher list is used as given', () => {
    expect(chooseAlgorithms({ legacy: false, knownHostKeyTypes: [], ciphers: ['aes256-ctr'] }).cipher).toEqual(['aes256-ctr']);
  });

  it('knows which cipher/MAC pairs Terrapin affects', () => {
    expect(isTerrapinExposed('chacha20-poly1305@openssh.com', '')).toBe(true);
    expect(isTerrapinExposed('aes128-cbc', 'hmac-sha2-256-etm@openssh.com')).toBe(true);
    expect(isTerrapinExposed('aes128-cbc', 'hmac-sha2-256')).toBe(false);
    expect(isTerrapinExposed('aes128-gcm@openssh.com', '')).toBe(false);
    expect(isTerrapinExposed('aes128-ctr', 'hmac-sha2-256-etm@openssh.com')).toBe(false);
  });
});

describe('the Terrapin warning', () => {
  const cipher = 'chacha20-poly1305@openssh.com';
  it('names OpenSSH only when the server says it is OpenSSH', () => {
    expect(terrapinWarning('h', cipher, 'SSH-2.0-OpenSSH_9.2p1 Debian-2')).toContain('Update the server\'s OpenSSH (it reports "OpenSSH_9.2p1")');
    for (const other of ['SSH-2.0-dropbear_2020.81', 'SSH-2.0-ssh2js1.17.0', 'SSH-2.0-libssh_0.10.6', 'SSH-2.0-Go']) {
      const text = terrapinWarning('h', cipher, other);
      expect(text).not.toMatch(/OpenSSH/);
      expect(text).toContain(`Update the server's SSH software (it reports "${other.slice('SSH-2.0-'.length)}")`);
    }
    expect(terrapinWarning('h', cipher, undefined)).toContain("Update the server's SSH software to a release with strict key exchange.");
  });

  it("shows the server's name as untrusted text", () => {
    expect(terrapinWarning('h', cipher, 'SSH-2.0-evil\x1b[2J"\u202e')).toContain('(it reports "evil\\x1b[2J\'\\u202e")');
  });
});
