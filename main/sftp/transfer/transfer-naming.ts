import type { TransferStatus } from '../../../shared/model/files';

export type TransferDirection = TransferStatus['direction'];

/** Which way a job goes, from whether each side is a server. */
export function directionOf(isSrcRemote: boolean, isDstRemote: boolean): TransferDirection {
  if (isSrcRemote) return isDstRemote ? 'remote' : 'download';
  return isDstRemote ? 'upload' : 'local';
}

export interface TitleParts {
  /** The base names of the sources. */
  names: string[];
  /** 'local', or the source session's name. */
  srcLabel: string;
  dstLabel: string;
  dstPath: string;
}

/** `3 items from local to prod:/srv/www`, or with one source its name: `site.tar from local to prod:/srv/www`. */
export function transferTitle({ names, srcLabel, dstLabel, dstPath }: TitleParts): string {
  const what = names.length === 1 ? names[0]! : `${names.length} items`;
  return `${what} from ${srcLabel} to ${dstLabel}:${dstPath}`;
}
