import { createHash, createHmac } from 'node:crypto';
import { AppError } from '../../../shared/errors';

/**
 * The textual forms of SSH host keys that OpenSSH shows and stores: fingerprints, key type
 * names, the `[host]:port` name of known_hosts, the hashed `|1|salt|hmac` name, and the
 * structure of a wire-format public key blob (the bytes ssh2 hands to a hostVerifier).
 */

/** OpenSSH's short names, as in "ED25519 key fingerprint is ..." (sshkey_type() in sshkey.c). */
const DISPLAY_NAMES: Record<string, string> = {
  'ssh-ed25519': 'ED25519',
  'ssh-rsa': 'RSA',
  'rsa-sha2-256': 'RSA',
  'rsa-sha2-512': 'RSA',
  'ssh-dss': 'DSA',
  'ecdsa-sha2-nistp256': 'ECDSA',
  'ecdsa-sha2-nistp384': 'ECDSA',
  'ecdsa-sha2-nistp521': 'ECDSA',
  'sk-ecdsa-sha2-nistp256@openssh.com': 'ECDSA-SK',
  'sk-ssh-ed25519@openssh.com': 'ED25519-SK',
  'ssh-xmss@openssh.com': 'XMSS',
  'ssh-ed25519-cert-v01@openssh.com': 'ED25519-CERT',
  'ssh-rsa-cert-v01@openssh.com': 'RSA-CERT',
  'ssh-dss-cert-v01@openssh.com': 'DSA-CERT',
  'ecdsa-sha2-nistp256-cert-v01@openssh.com': 'ECDSA-CERT',
  'ecdsa-sha2-nistp384-cert-v01@openssh.com': 'ECDSA-CERT',
  'ecdsa-sha2-nistp521-cert-v01@openssh.com': 'ECDSA-CERT',
  'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com': 'ECDSA-SK-CERT',
  'sk-ssh-ed25519-cert-v01@openssh.com': 'ED25519-SK-CERT',
};

/**
 * How many SSH strings each plain key type's blob holds, after the type name. OpenSSH
 * refuses a blob with missing or extra fields, so a known_hosts line carrying one is malformed.
 */
const BLOB_FIELD_COUNTS: Record<string, number> = {
  'ssh-ed25519': 1, // public key
  'ssh-rsa': 2, // e, n
  'ssh-dss': 4, // p, q, g, y
  'ecdsa-sha2-nistp256': 2, // curve, Q
  'ecdsa-sha2-nistp384': 2,
  'ecdsa-sha2-nistp521': 2,
  'sk-ecdsa-sha2-nistp256@openssh.com': 3, // curve, Q, application
  'sk-ssh-ed25519@openssh.com': 2, // public key, application
};

const ED25519_KEY_LENGTH = 32;
const HASHED_NAME_MAGIC = '|1|';
const HASHED_SALT_LENGTH = 20; // OpenSSH uses a salt as long as the SHA-1 digest

/** `SHA256:<unpadded base64>`, exactly as `ssh-keygen -l` and ssh's prompts print it. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of a blob, e.g. 'ssh-ed25519'. */
export function keyTypeOfBlob(blob: Buffer): string {
  const type = readSshStrings(blob, 1)?.[0];
  if (type === undefined || type.length === 0) {
    throw new AppError('INVALID_ARGUMENT', 'The host key is not a valid SSH public key.', {
      details: { length: blob.length },
    });
  }
  return type.toString('latin1');
}

/** 'ED25519', 'ECDSA', 'RSA', ... as OpenSSH prints them; an unfamiliar type is shown as it is. */
export function displayKeyType(keyType: string): string {
  return DISPLAY_NAMES[keyType] ?? keyType;
}

/** The name OpenSSH stores and looks up: `host` on port 22, `[host]:port` elsewhere. */
export function knownHostsHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The hashed form OpenSSH writes with HashKnownHosts: `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`. */
export function hashKnownHostsName(name: string, salt: Buffer): string {
  const hmac = createHmac('sha1', salt).update(name, 'utf8').digest('base64');
  return `${HASHED_NAME_MAGIC}${salt.toString('base64')}|${hmac}`;
}

/**
 * Whether a hashed hosts field names `name`. OpenSSH rebuilds the field from its salt and
 * compares the text, so a field with a wrong-sized salt or stray characters never matches.
 */
export function hashedNameMatches(field: string, name: string): boolean {
  if (!field.startsWith(HASHED_NAME_MAGIC)) return false;
  const saltText = field.slice(HASHED_NAME_MAGIC.length).split('|')[0] ?? '';
  const salt = decodeStrictBase64(saltText);
  if (salt === null || salt.length !== HASHED_SALT_LENGTH) return false;
  return hashKnownHostsName(name, salt) === field;
}

/** The salt size OpenSSH uses for hashed names. */
export const HASHED_NAME_SALT_LENGTH = HASHED_SALT_LENGTH;

/**
 * Decodes base64 the way OpenSSH's parser accepts it: standard alphabet, padding optional,
 * nothing else. Node's own decoder silently drops stray characters, which would turn a
 * corrupted line into a different key instead of a malformed one.
 */
export function decodeStrictBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const bare = text.replace(/=+$/, '');
  if (bare.length % 4 === 1) return null;
  const decoded = Buffer.from(bare, 'base64');
  // Rejects non-canonical trailing bits, which re-encode to different characters.
  return decoded.toString('base64').replace(/=+$/, '') === bare ? decoded : null;
}

/**
 * Whether a blob is a complete public key of a plain type OpenSSH knows: the right number
 * of fields and nothing after them. Certificates are not host keys ssh2 can verify.
 */
export function isWellFormedKeyBlob(blob: Buffer): boolean {
  const typeField = readSshStrings(blob, 1)?.[0];
  if (typeField === undefined) return false;
  const keyType = typeField.toString('latin1');
  const fieldCount = BLOB_FIELD_COUNTS[keyType];
  if (fieldCount === undefined) return false;
  const fields = readSshStrings(blob, fieldCount + 1, true);
  if (fields === null) return false;
  if (keyType === 'ssh-ed25519' || keyType === 'sk-ssh-ed25519@openssh.com') {
    return fields[1]?.length === ED25519_KEY_LENGTH;
  }
  if (keyType.startsWith('ecdsa-sha2-')) return fields[1]?.toString('latin1') === keyType.slice('ecdsa-sha2-'.length);
  if (keyType.startsWith('sk-ecdsa-sha2-')) return fields[1]?.toString('latin1') === 'nistp256';
  return true;
}

/**
 * Reads `count` length-prefixed SSH strings from the start of `blob`; null when they do not
 * fit, or, with `exact`, when bytes are left over.
 */
function readSshStrings(blob: Buffer, count: number, exact = false): Buffer[] | null {
  const fields: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    if (offset + 4 > blob.length) return null;
    const length = blob.readUInt32BE(offset);
    const end = offset + 4 + length;
    if (end > blob.length) return null;
    fields.push(blob.subarray(offset + 4, end));
    offset = end;
  }
  if (exact && offset !== blob.length) return null;
  return fields;
}
