import { z } from 'zod';
import { ProfileId } from './connection-spec';

/** The kinds of key Jumpgate makes: Ed25519 (the default), ECDSA on one of three curves, RSA 4096. */
export const KeyKind = z.enum(['ed25519', 'ecdsa', 'rsa']);
export type KeyKind = z.infer<typeof KeyKind>;

export const EcdsaBits = z.union([z.literal(256), z.literal(384), z.literal(521)]);

/** A file name inside ~/.ssh: no folders, no leading dot, not a .pub name (that is written beside it). */
export const KeyFileName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/, 'A key file name is letters, digits, dots, dashes and underscores')
  .refine((name) => !name.endsWith('.pub'), 'The name of the private key file, without .pub');

/** A passphrase for a key file; empty means none. Never stored, never logged. */
export const KeyPassphrase = z.string().max(1024);

export const KeyComment = z
  .string()
  .max(1024)
  .regex(/^[^\r\n]*$/, 'A comment is one line');

/** One key in ~/.ssh, as `ssh-keygen -l` describes it. Never its private part. */
export const KeyFileInfo = z.object({
  /** The private key's file name in ~/.ssh, or the .pub name for a public key alone. */
  name: z.string(),
  /** Absolute paths. */
  privatePath: z.string().optional(),
  publicPath: z.string().optional(),
  /** The first field of the public key line: ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa… */
  algorithm: z.string(),
  /** As ssh-keygen names it: ED25519, ECDSA, RSA, DSA, ED25519-SK… */
  type: z.string(),
  bits: z.number().int().optional(),
  /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
  fingerprint: z.string(),
  comment: z.string(),
  /** Whether the private key has a passphrase; absent for a public key alone. */
  isEncrypted: z.boolean().optional(),
  /** Whether Jumpgate can change this key's passphrase (OpenSSH's own format). */
  canChangePassphrase: z.boolean(),
  /** The public key line, for Copy public key. */
  publicKey: z.string(),
  /** The saved hosts whose identity files name this key. */
  usedBy: z.array(z.object({ id: ProfileId, name: z.string() })),
});
export type KeyFileInfo = z.infer<typeof KeyFileInfo>;

/** What the keys page shows: the keys, where they are, and the comment ssh-keygen would give a new key. */
export const KeyListing = z.object({
  sshDir: z.string(),
  /** `user@host` of this computer. */
  defaultComment: z.string(),
  keys: z.array(KeyFileInfo),
});
export type KeyListing = z.infer<typeof KeyListing>;

export const KeyGenerateRequest = z
  .object({
    kind: KeyKind.default('ed25519'),
    /** ECDSA only (default 256); RSA is always 4096 bits, Ed25519 256. */
    bits: EcdsaBits.optional(),
    name: KeyFileName,
    comment: KeyComment.default(''),
    passphrase: KeyPassphrase.default(''),
  })
  .strict();
export type KeyGenerateRequest = z.input<typeof KeyGenerateRequest>;

export const KeyInstallResult = z.object({
  /** `added`: one line appended; `present`: the key was already there, nothing changed. */
  outcome: z.enum(['added', 'present']),
  /** The saved host it went to. */
  host: z.string(),
});
export type KeyInstallResult = z.infer<typeof KeyInstallResult>;
