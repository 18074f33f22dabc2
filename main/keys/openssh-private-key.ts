import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { WireError, WireReader, WireWriter } from './ssh-wire';
import { bcryptPbkdf } from './key-derivation';

/**
 * OpenSSH's private key format (PROTOCOL.key, "openssh-key-v1"), written as ssh-keygen writes
 * it: one key; unencrypted ("none"), or aes256-ctr with a key and IV from bcrypt_pbkdf over the
 * passphrase with a random 16-byte salt and 16 rounds.
 */
const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
const BEGIN = '-----BEGIN OPENSSH PRIVATE KEY-----';
const END = '-----END OPENSSH PRIVATE KEY-----';
const KDF_ROUNDS = 16;
const SALT_BYTES = 16;
const WRITE_CIPHER = 'aes256-ctr';

/** The ciphers this reader can open: name → Node's name, key and IV sizes, block size. */
const CIPHERS: Record<string, { node: string; keyBytes: number; ivBytes: number; block: number }> = {
  'aes128-ctr': { node: 'aes-128-ctr', keyBytes: 16, ivBytes: 16, block: 16 },
  'aes192-ctr': { node: 'aes-192-ctr', keyBytes: 24, ivBytes: 16, block: 16 },
  'aes256-ctr': { node: 'aes-256-ctr', keyBytes: 32, ivBytes: 16, block: 16 },
  'aes128-cbc': { node: 'aes-128-cbc', keyBytes: 16, ivBytes: 16, block: 16 },
  'aes256-cbc': { node: 'aes-256-cbc', keyBytes: 32, ivBytes: 16, block: 16 },
};

/** An openssh-key-v1 file, its private part still sealed. */
export interface OpensshKeyFile {
  cipher: string;
  kdf: string;
  kdfOptions: Buffer;
  publicBlob: Buffer;
  sealed: Buffer;
}

/** The private part, opened: the key type, its fields (as written) and the comment. */
export interface PrivateSection {
  /** The key type and its fields, exactly as in the file (between the check ints and the comment). */
  keyFields: Buffer;
  comment: string;
}

export function isOpensshKeyText(text: string): boolean {
  return text.trimStart().startsWith(BEGIN);
}

/** Reads the armour and the unencrypted header; undefined when the text is not this format or is garbled. */
export function readOpensshKeyFile(text: string): OpensshKeyFile | undefined {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start === -1 || end <= start) return undefined;
  const bytes = Buffer.from(text.slice(start + BEGIN.length, end).replace(/\s+/g, ''), 'base64');
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  try {
    const reader = new WireReader(bytes.subarray(MAGIC.length));
    const cipher = reader.text();
    const kdf = reader.text();
    const kdfOptions = reader.string();
    if (reader.uint32() !== 1) return undefined;
    const publicBlob = reader.string();
    const sealed = reader.string();
    return { cipher, kdf, kdfOptions, publicBlob, sealed };
  } catch (error) {
    if (error instanceof WireError) return undefined;
    throw error;
  }
}

export function isEncrypted(file: OpensshKeyFile): boolean {
  return file.cipher !== 'none';
}

/** Opens the private part; a wrong passphrase is KEY_PASSPHRASE (OpenSSH's check ints differ). */
export async function openPrivateSection(file: OpensshKeyFile, passphrase: string, fileLabel: string): Promise<PrivateSection> {
  let plain = file.sealed;
  if (isEncrypted(file)) {
    const cipher = CIPHERS[file.cipher];
    if (!cipher || file.kdf !== 'bcrypt') {
      throw new AppError(
        'KEY_UNREADABLE',
        `${fileLabel} is encrypted with ${file.cipher}, which Jumpgate cannot open; change its passphrase with OpenSSH's ssh-keygen.`,
      );
    }
    if (passphrase === '') throw new AppError('KEY_PASSPHRASE', `${fileLabel} has a passphrase; type it to open the key.`);
    const options = new WireReader(file.kdfOptions);
    const salt = options.string();
    const rounds = options.uint32();
    const derived = await deriveKey(passphrase, salt, rounds, cipher.keyBytes + cipher.ivBytes);
    const decipher = createDecipheriv(cipher.node, derived.subarray(0, cipher.keyBytes), derived.subarray(cipher.keyBytes));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(file.sealed), decipher.final()]);
  }
  try {
    const reader = new WireReader(plain);
    if (reader.uint32() !== reader.uint32()) {
      throw new AppError('KEY_PASSPHRASE', `The passphrase for ${fileLabel} is wrong.`);
    }
    const fieldsStart = 8;
    const type = reader.text();
    skipKeyFields(reader, type, fileLabel);
    const fieldsEnd = plain.length - reader.remaining;
    const comment = reader.text();
    return { keyFields: Buffer.from(plain.subarray(fieldsStart, fieldsEnd)), comment };
  } catch (error) {
    if (error instanceof WireError) throw new AppError('KEY_UNREADABLE', `${fileLabel} is damaged: its private part cannot be read.`);
    throw error;
  }
}

/** Skips one key's private fields (PROTOCOL.key), so that the comment and padding after them are found. */
function skipKeyFields(reader: WireReader, type: string, fileLabel: string): void {
  const counts: Record<string, number> = { 'ssh-ed25519': 2, 'ssh-rsa': 6, 'ssh-dss': 5 };
  const count = counts[type] ?? (type.startsWith('ecdsa-sha2-') ? 3 : undefined);
  if (count === undefined) throw new AppError('KEY_UNREADABLE', `${fileLabel} is a ${type} key, whose passphrase Jumpgate cannot change.`);
  for (let field = 0; field < count; field++) reader.string();
}

/** The whole file: armour around the binary, base64 in lines of 70 as ssh-keygen writes them. */
export async function encodeOpensshKeyFile(publicBlob: Uint8Array, section: PrivateSection, passphrase: string): Promise<string> {
  const isSealed = passphrase !== '';
  const cipher = CIPHERS[WRITE_CIPHER]!;
  const check = randomBytes(4);
  const plain = new WireWriter().raw(check).raw(check).raw(section.keyFields).string(section.comment);
  const block = isSealed ? cipher.block : 8;
  for (let pad = 1; plain.length % block !== 0; pad++) plain.raw(Buffer.from([pad]));
  let sealed = plain.toBuffer();
  const header = new WireWriter().raw(MAGIC);
  if (isSealed) {
    const salt = randomBytes(SALT_BYTES);
    const derived = await deriveKey(passphrase, salt, KDF_ROUNDS, cipher.keyBytes + cipher.ivBytes);
    const encrypt = createCipheriv(cipher.node, derived.subarray(0, cipher.keyBytes), derived.subarray(cipher.keyBytes));
    sealed = Buffer.concat([encrypt.update(sealed), encrypt.final()]);
    header.string(WRITE_CIPHER).string('bcrypt').string(new WireWriter().string(salt).uint32(KDF_ROUNDS).toBuffer());
  } else {
    header.string('none').string('none').string('');
  }
  const binary = header.uint32(1).string(publicBlob).string(sealed).toBuffer().toString('base64');
  const lines = binary.match(/.{1,70}/g) ?? [];
  return `${BEGIN}\n${lines.join('\n')}\n${END}\n`;
}

/** A file's rounds are capped: a hostile file with billions would hold a thread for ever. */
async function deriveKey(passphrase: string, salt: Uint8Array, rounds: number, length: number): Promise<Buffer> {
  const out = rounds >= 1 && rounds <= 1000 ? await bcryptPbkdf(passphrase, salt, rounds, length) : undefined;
  if (!out) throw new AppError('KEY_UNREADABLE', 'The key file asks for a key derivation Jumpgate cannot do.');
  return out;
}
