import { AppError } from '../../../shared/errors';
import { type HopSpec, hopLabel } from '../../../shared/model';
import { requireConfirmation, type TrustedConfirmer } from '../../prompts/trusted-confirmer';
import { knownHostsHostName } from './host-key-format';
import { hostKeyNameOf, KnownHosts } from './known-hosts';

/**
 * The deliberate act after a HOST_KEY_CHANGED: removes the host's lines from the known_hosts file
 * that holds them (like `ssh-keygen -R`), so the next connection asks about the new key. Only the
 * conflict main itself saw can be removed, and only from the user's writable file: a key in a
 * global file (/etc/ssh/ssh_known_hosts) is the administrator's to change. The person confirms
 * it through `confirmer` (a native dialog of main), never through the renderer alone: a page that
 * could forget keys could have an impostor's key accepted at the next question.
 */
export async function forgetChangedHostKey(
  hops: readonly HopSpec[],
  failure: AppError,
  confirmer: TrustedConfirmer,
): Promise<{ removed: number; file: string }> {
  if (failure.code !== 'HOST_KEY_CHANGED') throw new AppError('INVALID_STATE', 'Only a changed host key can be forgotten from here.');
  const spec = hops.find((hop) => hopLabel(hop) === failure.hop);
  if (spec === undefined) throw new AppError('NOT_FOUND', `The hop ${failure.hop ?? '?'} is no longer part of this connection.`);
  const file = spec.userKnownHostsFiles[0];
  const known = (failure.details?.knownEntries ?? []) as { file: string; fingerprint?: string }[];
  if (known.length === 0) {
    // A key changed after this connection verified one (at a rekey, or between the connections of
    // one transfer): the saved key is the one that was accepted, so it is the last thing to remove.
    throw new AppError(
      'INVALID_STATE',
      `The host key of ${failure.hop ?? 'this hop'} changed while connected, after its saved key had been verified: the saved key is the genuine one as far as Jumpgate knows, so it is not removed. Reconnect: if the new key is really legitimate, the first key exchange will show it against the saved one.`,
      { hop: failure.hop },
    );
  }
  const elsewhere = known.map((entry) => entry.file).find((holder) => holder !== file);
  if (file === undefined || elsewhere !== undefined) {
    throw new AppError(
      'KNOWN_HOSTS_WRITE_FAILED',
      `The old key is in ${elsewhere ?? 'a file Jumpgate does not write'}, which Jumpgate does not change. Remove that line yourself if the new key is legitimate.`,
      { hop: failure.hop },
    );
  }
  const { host, port } = hostKeyNameOf(spec);
  const name = knownHostsHostName(host, port);
  await requireConfirmation(confirmer, {
    message: `Remove the saved host key of ${name} from ${file}?`,
    detail: [
      `The server now offers ${String(failure.details?.fingerprint ?? 'another key')}.`,
      `Saved: ${[...new Set(known.map((entry) => entry.fingerprint).filter(Boolean))].join(', ') || 'one key'}.`,
      'Only do this if you know why the key changed (the server was reinstalled or its keys replaced): otherwise someone may be intercepting the connection.',
    ].join('\n'),
    confirmLabel: 'Remove the old key',
    instead: `If the new key is legitimate, remove the saved key of ${name} from ${file} yourself.`,
    hint: { kind: 'forget-host-key', host: name, file },
  });
  const removed = await new KnownHosts({ userFiles: spec.userKnownHostsFiles, globalFiles: spec.globalKnownHostsFiles }).remove(host, port);
  return { removed, file };
}
