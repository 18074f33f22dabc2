import { generateKeyPairSync } from 'node:crypto';
import ssh2 from 'ssh2';

/**
 * A fresh Ed25519 public key in SSH wire form (string "ssh-ed25519", string key), made with
 * node:crypto: ssh2's generateKeyPairSync now and then writes a public key that its own parseKey
 * rejects as malformed, which made tests fail at random.
 */
export function freshEd25519Blob(): Buffer {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const type = Buffer.from('ssh-ed25519');
  return Buffer.concat([u32(type.length), type, u32(raw.length), raw]);
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

/** An ssh2-generated Ed25519 key pair that ssh2 itself can parse (it makes a malformed one about once in 300). */
export function parsableEd25519Pair(): { private: string; public: string } {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error) && !(ssh2.utils.parseKey(pair.public) instanceof Error)) return pair;
  }
}
