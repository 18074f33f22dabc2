import { z } from 'zod';
import { ErrorHint } from '../errors/error-hint';
import { ConnectionTarget } from './connection-spec';
import { ForwardSpec, ForwardStatus } from './forward-spec';

export const TunnelName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a tunnel name is letters, digits, ".", "_" and "-", starting with a letter or digit');

export const ReconnectPolicy = z.object({
  isEnabled: z.boolean().default(true),
  initialDelayMs: z.number().int().min(10).default(1_000),
  maxDelayMs: z.number().int().min(10).default(60_000),
  multiplier: z.number().min(1).default(2),
  /** Each delay is moved at random by up to this fraction, so many tunnels do not retry in step. */
  jitter: z.number().min(0).max(1).default(0.2),
  /** 0 = keep trying (errors that cannot heal stop it anyway). */
  maxAttempts: z.number().int().min(0).default(0),
});
export type ReconnectPolicy = z.infer<typeof ReconnectPolicy>;

/**
 * 'ssh' sends keepalive requests inside the connection (ServerAliveInterval); 'tcp' relies on
 * TCP keepalive only, for bastions that drop SSH-level keepalive requests; 'off' sends neither.
 */
export const KeepaliveMode = z.enum(['ssh', 'tcp', 'off']);
export type KeepaliveMode = z.infer<typeof KeepaliveMode>;

export const KeepalivePolicy = z.object({
  mode: KeepaliveMode.default('ssh'),
  intervalSeconds: z.number().int().min(1).default(15),
  countMax: z.number().int().min(1).default(3),
});
export type KeepalivePolicy = z.infer<typeof KeepalivePolicy>;

export const TunnelProfile = z.object({
  name: TunnelName,
  /** How the tunnel reaches its server: a saved host, or a spec as `jumpgate ssh` would be given (resolved through ~/.ssh/config at each connect). */
  connection: ConnectionTarget,
  forwards: z.array(ForwardSpec).min(1),
  autoStart: z.boolean().default(false),
  reconnect: ReconnectPolicy.prefault({}),
  keepalive: KeepalivePolicy.prefault({}),
  /** As OpenSSH's ExitOnForwardFailure: a forward that cannot be set up fails the connection attempt. */
  exitOnForwardFailure: z.boolean().default(false),
  /** When set: every this many seconds, each -L target is probed through the connection (a channel opened and closed); one that stopped answering is marked. */
  probeTargetsEverySeconds: z.number().int().min(1).max(3600).optional(),
});
export type TunnelProfile = z.infer<typeof TunnelProfile>;
export type TunnelProfileInput = z.input<typeof TunnelProfile>;

export const TunnelState = z.enum(['stopped', 'connecting', 'up', 'retrying', 'failed']);
export type TunnelState = z.infer<typeof TunnelState>;

/** What a running tunnel reports: its state, why, and each forward's status. */
export const TunnelStatus = z.object({
  name: z.string(),
  state: TunnelState,
  /** Connection attempts since the tunnel was last up. */
  attempt: z.number().int(),
  /** When state is 'retrying': the delay before the next attempt. */
  retryInMs: z.number().int().optional(),
  /** Why the tunnel is retrying or failed. */
  error: z.object({ code: z.string(), message: z.string(), hop: z.string().optional(), hint: ErrorHint.optional() }).optional(),
  forwards: z.array(ForwardStatus),
});
export type TunnelStatus = z.infer<typeof TunnelStatus>;
