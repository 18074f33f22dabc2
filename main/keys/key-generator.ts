import { type JsonWebKey, generateKeyPair as generateNodeKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeyKind } from '../../shared/model/ssh-keys';
import type { PrivateSection } from './openssh-private-key';
import { WireWriter } from './ssh-wire';

const generate = promisify(generateNodeKeyPair);

/** A new key pair in SSH's encodings: the public blob and the private fields of PROTOCOL.key. */
export interface GeneratedKey {
  algorithm: string;
  publicBlob: Buffer;
  section: PrivateSection;
}

const CURVES = { 256: { node: 'P-256', ssh: 'nistp256' }, 384: { node: 'P-384', ssh: 'nistp384' }, 521: { node: 'P-521', ssh: 'nistp521' } } as const;
export type EcdsaBits = keyof typeof CURVES;
export const RSA_BITS = 4096;

/** Node's crypto makes the key (from the OS's random source); this only encodes it as OpenSSH does. */
export async function generateKey(kind: KeyKind, options: { bits?: EcdsaBits; comment: string }): Promise<GeneratedKey> {
  if (kind === 'ed25519') return ed25519Of(jwkOf((await generate('ed25519')).privateKey), options.comment);
  if (kind === 'ecdsa') {
    const curve = CURVES[options.bits ?? 256];
    return ecdsaOf(jwkOf((await generate('ec', { namedCurve: curve.node })).privateKey), curve.ssh, options.comment);
  }
  return rsaOf(jwkOf((await generate('rsa', { modulusLength: RSA_BITS, publicExponent: 0x10001 })).privateKey), options.comment);
}

function jwkOf(key: KeyObject): JsonWebKey {
  return key.export({ format: 'jwk' });
}

function field(jwk: JsonWebKey, name: 'x' | 'y' | 'd' | 'n' | 'e' | 'p' | 'q' | 'qi'): Buffer {
  const value = jwk[name];
  if (typeof value !== 'string') throw new Error(`the generated key has no ${name}`);
  return Buffer.from(value, 'base64url');
}

function ed25519Of(jwk: JsonWebKey, comment: string): GeneratedKey {
  const algorithm = 'ssh-ed25519';
  const pub = field(jwk, 'x');
  const seed = field(jwk, 'd');
  // OpenSSH keeps the 32-byte seed followed by the public key as the "private key".
  const keyFields = new WireWriter()
    .string(algorithm)
    .string(pub)
    .string(Buffer.concat([seed, pub]))
    .toBuffer();
  return { algorithm, publicBlob: new WireWriter().string(algorithm).string(pub).toBuffer(), section: { keyFields, comment } };
}

function ecdsaOf(jwk: JsonWebKey, curve: string, comment: string): GeneratedKey {
  const algorithm = `ecdsa-sha2-${curve}`;
  const point = Buffer.concat([Buffer.from([4]), field(jwk, 'x'), field(jwk, 'y')]);
  const keyFields = new WireWriter().string(algorithm).string(curve).string(point).mpint(field(jwk, 'd')).toBuffer();
  return { algorithm, publicBlob: new WireWriter().string(algorithm).string(curve).string(point).toBuffer(), section: { keyFields, comment } };
}

function rsaOf(jwk: JsonWebKey, comment: string): GeneratedKey {
  const algorithm = 'ssh-rsa';
  const [n, e, d, iqmp, p, q] = (['n', 'e', 'd', 'qi', 'p', 'q'] as const).map((name) => field(jwk, name));
  const keyFields = new WireWriter().string(algorithm).mpint(n!).mpint(e!).mpint(d!).mpint(iqmp!).mpint(p!).mpint(q!).toBuffer();
  return { algorithm, publicBlob: new WireWriter().string(algorithm).mpint(e!).mpint(n!).toBuffer(), section: { keyFields, comment } };
}
