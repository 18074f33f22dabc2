import { AppError } from '../../../shared/errors';
import { inPool } from '../../base/pool';
import type { PromptBroker } from '../../prompts/prompt-broker';
import type { FileSystem } from '../protocol/file-system';
import { isSafeEntryName, pathsOf } from '../protocol/safe-names';
import type { TransferControl } from './transfer-control';
import type { ConflictPolicy } from './transfer-job';

/** Names shown in the question; the count says how many there are in all. */
const NAMES_SHOWN = 10;
const LOOKUPS_IN_FLIGHT = 16;

/**
 * The sources whose names are taken in the destination directory (top level only: a directory
 * that exists counts once; what is inside it merges under the chosen policy).
 */
export async function existingNames(src: FileSystem, srcPaths: string[], dst: FileSystem, dstPath: string): Promise<string[]> {
  const names = srcPaths.map((path) => pathsOf(src).basename(path)).filter(isSafeEntryName);
  const isTaken = new Map<string, boolean>();
  await inPool(names, LOOKUPS_IN_FLIGHT, async (name) => {
    isTaken.set(name, (await dst.tryLstat(pathsOf(dst).join(dstPath, name))) !== undefined);
  });
  return names.filter((name) => isTaken.get(name));
}

export interface ConflictQuestion {
  jobId: number;
  title: string;
  /** Where the destination is: 'local' or the hop label of its server. */
  hop: string;
  names: string[];
}

/**
 * Asks the person what to do with names that are taken; withdrawn when the job stops. Cancel
 * (a null answer) cancels the job, with nothing written.
 */
export async function askConflict(broker: PromptBroker, question: ConflictQuestion, control: TransferControl): Promise<ConflictPolicy> {
  try {
    return await broker.ask(
      {
        kind: 'transfer-conflict',
        hop: question.hop,
        jobId: question.jobId,
        title: question.title,
        existing: question.names.length,
        names: question.names.slice(0, NAMES_SHOWN),
      },
      control.signal,
    );
  } catch (error) {
    // Stopped meanwhile (cancelled, or its connection lost): that is the job's outcome.
    await control.checkpoint();
    if (AppError.is(error, 'PROMPT_CANCELLED'))
      throw new AppError('SFTP_CANCELLED', `The transfer ${question.title} was cancelled at the question about existing names; nothing was written.`);
    throw error;
  }
}
