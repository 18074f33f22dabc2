import { AppError } from '../../shared/errors';
import { type HopSpec, hopLabel } from '../../shared/model';
import { hostKeyNameOf, KnownHosts } from './known-hosts';

/**
 * The deliberate act after a HOST_KEY_CHANGED: removes the host's lines from the known_hosts file
 * that holds them (like `ssh-keygen -R`), so the next connection asks about the new key. Only the
 * conflict main itself saw can be removed, and only from the user's writable file: a key in a
 * global file (/etc/ssh/ssh_known_hosts) is the administrator's to change.
 */
export async function forgetChangedHostKey(hops: readonly HopSpec[], failure: AppError): Promise<{ removed: number; file: string }> {
  if (failure.code !== 'HOST_KEY_CHANGED') throw new AppError('INVALID_ARGUMENT', 'Only a changed host key can be forgotten from here.');
  const spec = hops.find((hop) => hopLabel(hop) === failure.hop);
  if (spec === undefined) throw new AppError('INVALID_ARGUMENT', `The hop ${failure.hop ?? '?'} is no longer part of this connection.`);
  const file = spec.userKnownHostsFiles[0];
  const holders = ((failure.details?.knownEntries ?? []) as { file: string }[]).map((entry) => entry.file);
  const elsewhere = holders.find((holder) => holder !== file);
  if (file === undefined || elsewhere !== undefined) {
    throw new AppError('KNOWN_HOSTS_WRITE_FAILED', `The old key is in ${elsewhere ?? 'a file Jumpgate does not write'}, which Jumpgate does not change. Remove that line yourself if the new key is legitimate.`, { hop: failure.hop });
  }
  const { host, port } = hostKeyNameOf(spec);
  const removed = await new KnownHosts({ userFiles: spec.userKnownHostsFiles, globalFiles: spec.globalKnownHostsFiles }).remove(host, port);
  return { removed, file };
}
