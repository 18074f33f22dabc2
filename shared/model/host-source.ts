import { z } from 'zod';

/** Where hosts can be imported from. */
export const ImportSourceKind = z.enum(['ssh-config', 'putty', 'mobaxterm', 'tabby']);
export type ImportSourceKind = z.infer<typeof ImportSourceKind>;

/** Where a saved host came from: importing the same entry again updates it instead of adding another. */
export const HostSource = z.object({ kind: ImportSourceKind, key: z.string().min(1).max(512) }).strict();
export type HostSource = z.infer<typeof HostSource>;
