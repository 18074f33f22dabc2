import { z } from 'zod';
import { StrictHostKeyChecking } from './host-spec';

export const ProfileId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{6,64}$/)
  .brand<'ProfileId'>();
export type ProfileId = z.infer<typeof ProfileId>;

/** One hop of a jump chain: a saved host (its user, port, keys and host-key settings come with it), or `[user@]host[:port]` as typed. */
export const JumpHop = z.union([z.object({ profileId: ProfileId }).strict(), z.object({ destination: z.string().trim().min(1).max(512) }).strict()]);
export type JumpHop = z.infer<typeof JumpHop>;

/** The jump hosts: a -J list as typed (`a,b,user@c:2222`), or hops of which some may be saved hosts. */
export const JumpRoute = z.union([z.string().max(2048), z.array(JumpHop).max(16)]);
export type JumpRoute = z.infer<typeof JumpRoute>;

/**
 * How to reach one server, resolved like a command line: `destination` may be a ~/.ssh/config
 * alias; options are -o Key=Value pairs. A saved host, a tunnel and the CLI's flags are all this.
 */
export const ConnectionSpec = z.object({
  destination: z.string().trim().min(1).max(512),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().max(128).optional(),
  jump: JumpRoute.optional(),
  identityFiles: z.array(z.string().max(4096)).max(16).default([]),
  strictHostKeyChecking: StrictHostKeyChecking.optional(),
  forwardAgent: z.boolean().default(false),
  options: z.record(z.string(), z.string()).default({}),
  /** -F: read this file instead of ~/.ssh/config ('none': no file). */
  configFile: z.string().max(4096).optional(),
});
export type ConnectionSpec = z.infer<typeof ConnectionSpec>;
export type ConnectionSpecInput = z.input<typeof ConnectionSpec>;

/** What a connection is opened to: a saved host, or a spec given in full. */
export const ConnectionTarget = z.union([z.object({ profileId: ProfileId }).strict(), z.object({ spec: ConnectionSpec }).strict()]);
export type ConnectionTarget = z.infer<typeof ConnectionTarget>;

/** The saved hosts a route names, in order. */
export function jumpProfileIds(jump: JumpRoute | undefined): ProfileId[] {
  if (jump === undefined || typeof jump === 'string') return [];
  return jump.flatMap((hop) => ('profileId' in hop ? [hop.profileId] : []));
}
