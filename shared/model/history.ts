import { z } from 'zod';

/** A destination quick connect reached: what was typed (`user@host:port` or a ~/.ssh/config alias), never a secret. */
export const HistoryEntry = z.object({
  destination: z.string().trim().min(1).max(512),
  lastConnectedAt: z.string().datetime(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** How many destinations quick connect remembers. */
export const MAX_HISTORY = 50;
