import type { z } from 'zod';
import type { StorageProblem as StorageProblemSchema } from '../../shared/ipc/contract';

/** A file that could not be read as it was: what happened, and where the original was kept. */
export type StorageProblem = z.infer<typeof StorageProblemSchema>;
