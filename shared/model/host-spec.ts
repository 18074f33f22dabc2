import { z } from 'zod';
import { ForwardSpec } from './forward-spec';

export const StrictHostKeyChecking = z.enum(['yes', 'accept-new', 'no', 'ask']);
export type StrictHostKeyChecking = z.infer<typeof StrictHostKeyChecking>;

/** OpenSSH's PreferredAuthentications names; agent keys are part of publickey, tried before files. */
export const AuthMethod = z.enum(['publickey', 'keyboard-interactive', 'password']);
export type AuthMethod = z.infer<typeof AuthMethod>;

export const ProxySpec = z.object({
  type: z.enum(['socks5', 'http']),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  username: z.string().optional(),
});
export type ProxySpec = z.infer<typeof ProxySpec>;

export const TerrapinPolicy = z.enum(['warn', 'fatal']);

/**
 * Everything needed to reach one hop. A destination is a list of these, the last one being the
 * target; each is reached through a direct-tcpip channel of the one before it.
 * Nothing secret lives here: passwords and passphrases come from the prompt broker.
 */
export const HopSpec = z.object({
  /** What the user typed (a ~/.ssh/config alias or a host name). */
  alias: z.string().min(1),
  /** The name or address connected to (HostName). */
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().min(1),
  identityFiles: z.array(z.string()).default([]),
  identitiesOnly: z.boolean().default(false),
  /** Path of the agent socket; undefined = no agent. */
  agentSocket: z.string().optional(),
  preferredAuthentications: z.array(AuthMethod).default(['publickey', 'keyboard-interactive', 'password']),
  /** How many times a password or passphrase is asked before giving up (NumberOfPasswordPrompts). */
  passwordPrompts: z.number().int().min(1).max(10).default(3),
  strictHostKeyChecking: StrictHostKeyChecking.default('ask'),
  userKnownHostsFiles: z.array(z.string()).default([]),
  globalKnownHostsFiles: z.array(z.string()).default([]),
  hashKnownHosts: z.boolean().default(false),
  /** The name host keys are checked and saved under instead of host (HostKeyAlias). */
  hostKeyAlias: z.string().optional(),
  proxyCommand: z.string().optional(),
  proxy: ProxySpec.optional(),
  forwardAgent: z.boolean().default(false),
  /** Seconds between keepalive requests; 0 turns them off (ServerAliveInterval). */
  serverAliveInterval: z.number().int().min(0).default(0),
  serverAliveCountMax: z.number().int().min(1).default(3),
  tcpKeepAlive: z.boolean().default(true),
  /** Budget in ms for TCP connect + banner + key exchange, not counting time spent in prompts. */
  connectTimeoutMs: z.number().int().min(1).default(20_000),
  /** Opt in to SHA-1 signatures, hmac-sha1, CBC ciphers and pre-auth compression for a legacy device. */
  legacyAlgorithms: z.boolean().default(false),
  terrapin: TerrapinPolicy.default('warn'),
  /** Ciphers to offer, in order (Ciphers); unset = Jumpgate's modern list. */
  ciphers: z.array(z.string()).optional(),
  /** LocalForward, RemoteForward and DynamicForward of the destination (never of a jump host), in config order. */
  forwards: z.array(ForwardSpec).default([]),
  /** ExitOnForwardFailure: a forward that cannot start fails the connection. */
  exitOnForwardFailure: z.boolean().default(false),
});
export type HopSpec = z.infer<typeof HopSpec>;
export type HopSpecInput = z.input<typeof HopSpec>;

/** `user@host:port`, the way a hop is named in errors and progress. */
export function hopLabel(hop: Pick<HopSpec, 'user' | 'host' | 'port'>): string {
  const host = hop.host.includes(':') ? `[${hop.host}]` : hop.host;
  return `${hop.user}@${host}:${hop.port}`;
}
