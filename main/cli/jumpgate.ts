import { AppError } from '../../shared/errors';
import { formatError, type CliIo } from './cli-io';
import { runSshCommand } from './ssh-command';
import { runTunnelCommand, TUNNEL_HELP } from './tunnel-command';
import { HOSTS_HELP, runHostsCommand } from './hosts-command';
import { runCpCommand } from './cp-command';
import { runSftpCommand } from './sftp-command';
import { COPY_ID_USAGE, runCopyIdCommand } from './copy-id-command';
import { dataDir } from '../storage/data-dir';
import { isNativeCryptoLoaded } from '../ssh/connect/crypto-binding';

const VERSION = '0.1.0';

const HELP = `jumpgate ${VERSION} — SSH connections, jump chains, tunnels and transfers

Usage:
  jumpgate ssh [-AatTNnqv] [-p port] [-l user] [-i identity] [-J hops] [-F config]
               [-o Key=Value] [user@]host[:port] [command ...]
               (host may be a saved host's name, also in -J; flags given here win over its settings)
  jumpgate exec <same as ssh> [user@]host command ...
  jumpgate ssh -N -L [bind:]port:host:hostport -R [bind:]port:host:hostport -D [bind:]port ...
                 (-o ExitOnForwardFailure=yes makes a forward that cannot start fatal)
${TUNNEL_HELP}  jumpgate cp [-rpLqv] [--resume] [--unsafe-links] [--conflict=overwrite|skip|rename|newer]
             [--verify=sha256|size] [--connections=N] [-P port] [-J hops] [-i identity] [-F config] [-o Key=Value] SRC... DST
               (SRC and DST: local paths or [user@]host:path, host may be a saved host; both may be remote)
  jumpgate sftp ls [-la] | mkdir [-p] | rm [-r] | mv | chmod MODE  [user@]host:path ...
${HOSTS_HELP}  ${COPY_ID_USAGE}
               (adds a public key to ~/.ssh/authorized_keys on the host, once; -n: dry run, -f: no check)
  jumpgate help | version      (version also says whether ssh2's native crypto loaded)

Environment: JUMPGATE_HOME overrides the data directory (the app's saved hosts, tunnels and vault);
SSH_AUTH_SOCK is the agent; SSH_ASKPASS (with SSH_ASKPASS_REQUIRE=force|prefer) answers prompts
without a terminal.

Errors are printed as "jumpgate: <hop>: <what happened and what to do> (<CODE>)" and exit 255.
`;

/** The `jumpgate` command: dispatches subcommands; returns the process exit status. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'ssh':
      return runSshCommand(rest, io);
    case 'exec':
      if (rest.filter((word) => !word.startsWith('-')).length < 2) {
        io.stderr.write(`${formatError(new AppError('INVALID_ARGUMENT', 'exec needs a destination and a command.'))}\n`);
        return 255;
      }
      return runSshCommand(rest, io);
    case 'cp':
      return runCpCommand(rest, io);
    case 'sftp':
      return runSftpCommand(rest, io);
    case 'tunnel':
      return runTunnelCommand(rest, io);
    case 'hosts':
      return runHostsCommand(rest, io);
    case 'copy-id':
      return runCopyIdCommand(rest, io);
    case 'version':
    case '--version':
      io.stdout.write(
        `jumpgate ${VERSION}\n` +
          `node ${process.versions.node}, ssh2 native crypto: ${isNativeCryptoLoaded() ? 'loaded' : 'NOT loaded (slower transfers)'}\n` +
          `data directory: ${dataDir(io.env)}\n`,
      );
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout.write(HELP);
      return command === undefined ? 255 : 0;
    default:
      io.stderr.write(`jumpgate: unknown command "${command}". Run "jumpgate help". (INVALID_ARGUMENT)\n`);
      return 255;
  }
}
