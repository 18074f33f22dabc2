import { describe, expect, it } from 'vitest';
import { defaultKeyName, identityPathOf } from '../../../../renderer/keys/key-names';

describe('the default name of a new key', () => {
  it("is ssh-keygen's name for the kind while it is free", () => {
    expect(defaultKeyName('ed25519', new Set())).toBe('id_ed25519');
    expect(defaultKeyName('rsa', new Set(['id_ed25519']))).toBe('id_rsa');
  });

  it('is the first free _2, _3… when taken, a .pub alone included', () => {
    expect(defaultKeyName('ed25519', new Set(['id_ed25519', 'id_ed25519.pub']))).toBe('id_ed25519_2');
    expect(defaultKeyName('ecdsa', new Set(['id_ecdsa.pub', 'id_ecdsa_2']))).toBe('id_ecdsa_3');
  });

  it('is named in a saved host as ~/.ssh/NAME', () => {
    expect(identityPathOf('id_ed25519_2')).toBe('~/.ssh/id_ed25519_2');
  });
});
