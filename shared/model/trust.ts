import { z } from 'zod';
import { ProfileId } from './connection-spec';

/** One line of a known_hosts file, as the Known hosts page lists it. */
export const KnownHostRow = z.object({
  file: z.string(),
  /** 1-based, as OpenSSH and editors count lines. */
  line: z.number().int().positive(),
  /** The host patterns as written (cut short when huge), or null for a hashed name. */
  hosts: z.string().nullable(),
  /** The port of a `[host]:port` name; 22 otherwise (unknown for a hashed name: null). */
  port: z.number().int().nullable(),
  marker: z.enum(['revoked', 'cert-authority']).nullable(),
  keyType: z.string(),
  fingerprint: z.string(),
  /** The name the search matched this line by (`host` or `[host]:port`): what removing it removes. */
  matchedName: z.string().optional(),
  /** In a file Jumpgate writes (a global file is the administrator's). */
  isWritable: z.boolean(),
});
export type KnownHostRow = z.infer<typeof KnownHostRow>;

export const KnownHostsFileInfo = z.object({
  file: z.string(),
  isWritable: z.boolean(),
  exists: z.boolean(),
  /** Lines that are neither comments nor entries OpenSSH would use (garbage, unknown key types). */
  ignoredLines: z.number().int().nonnegative(),
  /** Why it could not be read, when it could not. */
  problem: z.string().optional(),
});

export const KnownHostsListing = z.object({
  files: z.array(KnownHostsFileInfo),
  entries: z.array(KnownHostRow),
  /** Entries left out past the page's limit. */
  leftOut: z.number().int().nonnegative(),
  /** The name searched for as OpenSSH looks it up (`host` or `[host]:port`), when the search was a host. */
  searchedName: z.string().optional(),
});
export type KnownHostsListing = z.infer<typeof KnownHostsListing>;

export const KnownHostsQuery = z
  .object({
    search: z.string().max(1024).optional(),
    /** Show the entries of a saved host: the name its key is filed under, in the files it uses. */
    profileId: ProfileId.optional(),
  })
  .strict();

/** What the vault holds under one name: never the secret. */
export const VaultEntry = z.object({
  /** The vault's name for it (names are not secret), for forgetting it. */
  id: z.string(),
  kind: z.enum(['password', 'key-passphrase', 'keyboard-interactive', 'other']),
  /** What it is for, in words: `deploy@build:22`, a key file's path. */
  label: z.string(),
  /** The saved hosts it serves. */
  hosts: z.array(z.object({ id: ProfileId, name: z.string() })),
  /** The host key a kept password is bound to. */
  hostKeyFingerprint: z.string().optional(),
});
export type VaultEntry = z.infer<typeof VaultEntry>;

export const AgentKey = z.object({
  type: z.string(),
  bits: z.number().int().nonnegative(),
  fingerprint: z.string(),
  comment: z.string(),
});
export type AgentKey = z.infer<typeof AgentKey>;

export const AgentStatus = z.object({
  /** The socket Jumpgate talks to, and where it found it. */
  socket: z.string().optional(),
  source: z.enum(['SSH_AUTH_SOCK', 'agent-dir']).optional(),
  isReachable: z.boolean(),
  /** Why no agent could be reached. */
  problem: z.string().optional(),
  keys: z.array(AgentKey),
  /** The private key files of ~/.ssh, as `~/.ssh/name`: what can be added. */
  keyFiles: z.array(z.string()),
});
export type AgentStatus = z.infer<typeof AgentStatus>;
