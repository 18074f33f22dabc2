import { z } from 'zod';
import { AppErrorData } from '../errors/app-error';
import { ForwardStatus } from './forward-spec';

const Port = z.number().int().min(1).max(65535);

export const PaneForwardId = z
  .string()
  .regex(/^pf[0-9]{1,9}$/)
  .brand<'PaneForwardId'>();
export type PaneForwardId = z.infer<typeof PaneForwardId>;

/** A host name or address on the server's side of a pane forward (what -L's host field takes). */
export const ForwardHost = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._:%-]+$/, 'a host name or address');

/** What "Forward a port…" asks for: the server's side, and where to listen here (unset: the same port if free, else any). */
export const PaneForwardRequest = z.object({
  remoteHost: ForwardHost.default('localhost'),
  remotePort: Port,
  localPort: Port.optional(),
});
export type PaneForwardRequest = z.infer<typeof PaneForwardRequest>;

/**
 * A -L opened from a terminal pane on that pane's connection. It listens while the pane is
 * connected ('listening'), waits while it reconnects ('waiting'), and is gone with the pane.
 */
export const PaneForward = z.object({
  id: PaneForwardId,
  remoteHost: z.string(),
  remotePort: Port,
  /** Where it listens on this computer (on 127.0.0.1); kept across reconnects. */
  localPort: Port,
  state: z.enum(['listening', 'waiting', 'failed']),
  /** The target answered an HTTP request when the forward opened: it can open in the browser. */
  isHttp: z.boolean(),
  /** Made by one click on a port the server started listening on. */
  isDetected: z.boolean(),
  /** Counters of the running forward. */
  status: ForwardStatus.optional(),
  error: AppErrorData.optional(),
});
export type PaneForward = z.infer<typeof PaneForward>;

/** A port the server started listening on after the terminal connected (from /proc/net/tcp and tcp6). */
export const DetectedPort = z.object({
  port: Port,
  /** What it is bound to on the server: a loopback address, or every interface ('0.0.0.0', '::'). */
  address: z.string(),
  /** The host a forward to it names on the server. */
  remoteHost: z.string(),
});
export type DetectedPort = z.infer<typeof DetectedPort>;

/** One terminal's forwards and the ports offered to it. */
export const PaneForwards = z.object({
  sessionId: z.string(),
  /** The terminal's title (its host), for lists outside the pane. */
  title: z.string(),
  forwards: z.array(PaneForward),
  /** Listening on the server since the terminal connected, not forwarded yet (Linux servers). */
  detected: z.array(DetectedPort),
});
export type PaneForwards = z.infer<typeof PaneForwards>;
