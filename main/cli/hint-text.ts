import type { ErrorHint } from '../../shared/errors';

/** Single quotes for a shell, as ssh-keygen's own messages quote a host. */
const quoted = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/** An error's hint as the command line says it: with the flags and commands that do it. */
export function cliHintText(hint: ErrorHint): string {
  switch (hint.kind) {
    case 'retry':
      return 'Run the command again.';
    case 'retry-with-diagnostics':
      return 'Run it again with -v, and report the output if it keeps happening.';
    case 'resume-copy':
      return 'To continue where it stopped, run the same command with --resume.';
    case 'use-jump-host':
      return 'If the host is only reachable through another one, name that jump host with -J.';
    case 'check-port':
      return 'Check the port (-p) and the host name.';
    case 'check-credentials':
      return 'Check the user name (-l), your keys (-i) or the password.';
    case 'accept-host-key':
      return 'If that fingerprint is right, connect once with -o StrictHostKeyChecking=accept-new, or add the key with ssh-keyscan.';
    case 'forget-host-key':
      return `If the change is legitimate, remove the old entry with: ssh-keygen -R ${quoted(hint.host)}${hint.file === undefined ? '' : ` -f ${quoted(hint.file)}`}, then connect again.`;
    case 'allow-legacy-algorithms':
      return 'If this is an old device you trust, allow legacy algorithms for it (-o JumpgateLegacyAlgorithms=yes).';
    case 'copy-recursively':
      return 'Copy directories with -r.';
    case 'single-connection':
      return 'Run it again with --connections=1.';
    case 'verify-by-size':
      return 'If this server cannot hash files, run it again with --verify=size.';
    case 'unlock-vault':
      return 'Unlock the vault with its passphrase in the Jumpgate app.';
    case 'free-port':
      return hint.holder
        ? `Stop ${hint.holder.program} (kill ${hint.holder.pid}) or choose another port${hint.nextFreePort ? ` such as ${hint.nextFreePort}` : ''}.`
        : `Stop what holds it (ss -ltnp 'sport = :${hint.port}' shows it) or choose another port${hint.nextFreePort ? ` such as ${hint.nextFreePort}` : ''}.`;
  }
}
