import type { ClientChannel } from 'ssh2';
import { exitOf } from '../ssh/connect/channel-exit';
import type { AppError } from '../../shared/errors';
import { DisposableStore } from '../../shared/base/disposable';
import { ForwardSet } from '../forward/forward-set';
import { reportForwardErrors, reportForwardsStarted } from './forward-report';
import { hopLabel } from '../../shared/model';
import { PromptBroker } from '../prompts/prompt-broker';
import type { ConnectObserver } from '../ssh/connect/connect-observer';
import { resolveTarget } from '../ssh/config/connect-target';
import { type ConnectionLease, SshConnector } from '../ssh/connect/ssh-connector';
import type { CliIo } from './cli-io';
import { formatError } from './cli-io';
import { parseSshArgs, type SshArgs } from './ssh-args';
import { SavedHosts } from './saved-hosts';
import { cliTarget } from './saved-target';
import { createTerminalPrompter } from './terminal-prompter';
import { labelUntrusted } from '../../shared/base/untrusted-text';

/** Exit status for failures of our own, as OpenSSH's ssh. */
export const EXIT_FAILURE = 255;

/** `jumpgate ssh`: OpenSSH's meaning for each flag, over the shared core. */
export async function runSshCommand(argv: string[], io: CliIo): Promise<number> {
  let lease: ConnectionLease | undefined;
  let connector: SshConnector | undefined;
  const forwards = new DisposableStore();
  try {
    const args = parseSshArgs(argv);
    const saved = SavedHosts.open(io, { isLookupOnly: true });
    const { target, profile } = cliTarget(args.destination, args, saved);
    const hops = await resolveTarget(target, { env: io.env, findProfile: saved.findProfile });
    connector = new SshConnector({
      broker: new PromptBroker(createTerminalPrompter(io.env)),
      observer: cliObserver(args, io),
      debug: args.verbosity >= 3 ? (line) => io.stderr.write(`debug3: ${line}\n`) : undefined,
      onProxyCommandStderr: (text) => io.stderr.write(text),
    });
    if (args.verbosity > 0) io.stderr.write(`jumpgate: debug1: ${profile ? `saved host ${profile.name}, ` : ''}route: ${hops.map(hopLabel).join(' -> ')}\n`);
    lease = await connector.connect(hops);
    if (profile) saved.markUsed(profile.id);
    await startForwards(lease, args, io, forwards);
    return await runSession(lease, args, io);
  } catch (error) {
    io.stderr.write(`${formatError(error)}\n`);
    return EXIT_FAILURE;
  } finally {
    forwards.dispose();
    lease?.dispose();
    connector?.dispose();
  }
}

/**
 * -L/-R/-D, then LocalForward/RemoteForward/DynamicForward of the destination's config, as
 * OpenSSH orders them; every forward starts before the session. ExitOnForwardFailure (-o or
 * config) makes a failure fatal; ClearAllForwardings drops them all.
 */
async function startForwards(lease: ConnectionLease, args: SshArgs, io: CliIo, store: DisposableStore): Promise<void> {
  const spec = lease.connection.spec;
  const isCleared = /^yes$/i.test(args.options.clearallforwardings ?? '');
  const specs = isCleared ? [] : [...args.forwards, ...spec.forwards];
  if (specs.length === 0) return;
  const { set, failures } = await ForwardSet.start(lease.connection, specs, { exitOnForwardFailure: spec.exitOnForwardFailure });
  store.add(set);
  const options = { verbosity: args.verbosity, quiet: args.quiet };
  reportForwardsStarted(set, failures, io, options);
  store.add(reportForwardErrors(set, io, options));
}

/** -v progress, banners (unless -q) and warnings on stderr; shared with cp and sftp. */
export function cliObserver(args: Pick<SshArgs, 'verbosity' | 'quiet'>, io: CliIo): ConnectObserver {
  const warned = new Set<string>();
  return {
    onProgress: (p) => {
      if (args.verbosity > 0) io.stderr.write(`jumpgate: debug1: ${p.hop}: ${p.step} (${p.elapsedMs} ms)\n`);
    },
    onNotice: (n) => {
      if (n.kind === 'banner') {
        if (!args.quiet) io.stderr.write(`${labelUntrusted(n.hop, n.text)}\n`);
      } else if (n.kind === 'warning') {
        if (!warned.has(n.text)) io.stderr.write(`jumpgate: warning: ${n.hop}: ${n.text}\n`);
        warned.add(n.text);
      } else if (!args.quiet) {
        io.stderr.write(`Warning: ${n.text}\n`);
      }
    },
  };
}

async function runSession(lease: ConnectionLease, args: SshArgs, io: CliIo): Promise<number> {
  const connection = lease.connection;
  if (args.noCommand) return waitForClose(lease, io, args.verbosity > 0);
  const command = args.command.join(' ');
  const hasTty = Boolean(io.stdin.isTTY);
  const wantsPty = !args.noTty && (args.ttyForce >= 2 || (hasTty && (args.ttyForce === 1 || command === '')));
  const window = { rows: io.stdout.rows ?? 24, cols: io.stdout.columns ?? 80, term: io.env.TERM ?? 'xterm-256color', height: 0, width: 0 };
  const channel = command === '' ? await connection.shell(wantsPty ? window : false) : await connection.exec(command, wantsPty ? { pty: window } : {});
  let lostReason: AppError | undefined;
  const lost = connection.onDidClose((reason) => (lostReason = reason));
  try {
    return await pipeChannel(channel, { ...args, wantsPty }, io, () => lostReason);
  } finally {
    lost.dispose();
  }
}

function pipeChannel(channel: ClientChannel, options: SshArgs & { wantsPty: boolean }, io: CliIo, lostReason: () => AppError | undefined): Promise<number> {
  return new Promise((resolve) => {
    const isRaw = options.wantsPty && Boolean(io.stdin.isTTY) && typeof io.stdin.setRawMode === 'function';
    if (isRaw) io.stdin.setRawMode!(true);
    const onResize = () => channel.setWindow(io.stdout.rows ?? 24, io.stdout.columns ?? 80, 0, 0);
    if (options.wantsPty) io.stdout.on('resize', onResize);

    if (!options.noStdin) io.stdin.pipe(channel);
    else channel.end();
    channel.pipe(io.stdout, { end: false });
    channel.stderr.pipe(io.stderr, { end: false });
    channel.on('close', () => {
      io.stdin.unpipe(channel);
      io.stdin.pause();
      if (isRaw) io.stdin.setRawMode!(false);
      io.stdout.off('resize', onResize);
      const exit = exitOf(channel);
      if (exit?.signal !== undefined) {
        // OpenSSH exits 255 when the remote command was killed by a signal; we also say which.
        io.stderr.write(`jumpgate: remote command was killed by signal ${exit.signal}\n`);
        resolve(EXIT_FAILURE);
      } else if (exit === undefined && lostReason()) {
        // The connection (or a hop under it) went away before the command said how it ended.
        io.stderr.write(`${formatError(lostReason())}\n`);
        resolve(EXIT_FAILURE);
      } else {
        resolve(exit?.code ?? EXIT_FAILURE);
      }
    });
  });
}

/** -N: hold the connection until it drops or the user interrupts. */
function waitForClose(lease: ConnectionLease, io: CliIo, isVerbose: boolean): Promise<number> {
  return new Promise((resolve) => {
    const stop = () => resolve(0);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (isVerbose) io.stderr.write('jumpgate: debug1: holding the connection open (-N); Ctrl+C closes it\n');
    lease.connection.onDidClose((reason) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (reason) io.stderr.write(`${formatError(reason)}\n`);
      resolve(reason ? EXIT_FAILURE : 0);
    });
  });
}
