import { z } from 'zod';
import { ImportSourceKind } from './host-source';
import { ConnectionProfile, ProfileId } from './profile';

export { HostSource, ImportSourceKind } from './host-source';

/** One host as another client (or ~/.ssh/config) describes it, in one shape for every source. */
export const ImportedHost = z.object({
  /** Unique within its source: the Host alias, the session name, the profile id. */
  key: z.string().min(1).max(512),
  name: z.string().min(1).max(120),
  host: z.string().min(1).max(512),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().max(128).optional(),
  group: z.string().max(120).optional(),
  identityFiles: z.array(z.string().max(4096)).max(16),
  /** The keys of the entries it is reached through, in connection order. */
  jump: z.array(z.string().max(512)).max(16),
  /** The other client stored a password for it; it is never imported in clear. */
  hasPassword: z.boolean(),
  /** Shown only as the way to another entry (a jump host named nowhere else). */
  isJumpOnly: z.boolean(),
  warnings: z.array(z.string()),
});
export type ImportedHost = z.infer<typeof ImportedHost>;

/** What a source file yielded: its hosts, and what it left out, with why. */
export const ImportScan = z.object({
  hosts: z.array(ImportedHost),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type ImportScan = z.infer<typeof ImportScan>;

/** What importing would do to one entry. */
export const ImportAction = z.object({
  key: z.string(),
  name: z.string(),
  action: z.enum(['create', 'update', 'unchanged', 'skip']),
  /** For update and unchanged: the saved host it is. */
  profileId: ProfileId.optional(),
  reason: z.string().optional(),
  /** Where it goes, e.g. `deploy@10.0.0.5:2222 via bastion`. */
  summary: z.string(),
  /** The keys of its own jump hosts, which are imported with it (saved first, and used by reference). */
  via: z.array(z.string()).max(16).default([]),
  hasPassword: z.boolean(),
  warnings: z.array(z.string()),
});
export type ImportAction = z.infer<typeof ImportAction>;

export const ImportPreview = z.object({
  actions: z.array(ImportAction),
  skipped: ImportScan.shape.skipped,
});
export type ImportPreview = z.infer<typeof ImportPreview>;

/** Text of another client's file; ~/.ssh/config is read by main (its Includes too). */
export const ImportRequest = z
  .object({
    source: ImportSourceKind,
    text: z
      .string()
      .max(4 * 1024 * 1024)
      .optional(),
  })
  .strict();
export type ImportRequest = z.infer<typeof ImportRequest>;

export const ImportResult = z.object({ actions: z.array(ImportAction), profiles: z.array(ConnectionProfile) });
export type ImportResult = z.infer<typeof ImportResult>;
