import path from 'node:path';
import { AppError } from '../../shared/errors';
import { formatForward } from './forward-flags';
import { KeepaliveMode, TunnelProfile } from '../../shared/model/tunnel-profile';
import { readTunnelState } from '../forward/tunnel-state-file';
import { dataDir } from '../storage/data-dir';
import { TunnelStore } from '../storage/tunnel-store';
import { type CliIo, formatError } from './cli-io';
import { parseSshArgs } from './ssh-args';
import { SavedHosts } from './saved-hosts';
import { cliTarget } from './saved-target';
import { describeForward, describeState } from './tunnel-format';
import { runTunnelUp } from './tunnel-up';

const EXIT_FAILURE = 255;

export const TUNNEL_HELP = `  jumpgate tunnel add NAME [--auto-start] [--keepalive ssh|tcp|off] [--no-reconnect] [--probe-targets SECONDS] [--replace]
                      [ssh options] -L|-R|-D forward ... [user@]host[:port] | SAVED-HOST
  jumpgate tunnel up [-vq] [NAME ...]   (foreground, supervised; no NAME: the auto-start ones)
  jumpgate tunnel list | show NAME [--json] | rm NAME
`;

/** `jumpgate tunnel …`: saved tunnels, shared with the app. */
export async function runTunnelCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    const store = new TunnelStore(dataDir(io.env));
    for (const problem of store.problems) io.stderr.write(`jumpgate: warning: ${problem.file}: ${problem.message} (STORAGE_CORRUPT)\n`);
    switch (sub) {
      case 'add':
        return addTunnel(store, rest, io);
      case 'list':
      case 'ls':
        return listTunnels(store, io);
      case 'show':
        return showTunnel(store, rest, io);
      case 'rm':
      case 'remove':
        if (rest.length === 0) throw new AppError('INVALID_ARGUMENT', 'Name the tunnel to remove: jumpgate tunnel rm NAME.');
        for (const name of rest) store.remove(name);
        return 0;
      case 'up':
        return await runTunnelUp(store, rest, io);
      default:
        throw new AppError('INVALID_ARGUMENT', `Unknown tunnel command "${sub ?? ''}". Usage:\n${TUNNEL_HELP}`);
    }
  } catch (error) {
    io.stderr.write(`${formatError(error)}\n`);
    return EXIT_FAILURE;
  }
}

interface AddOptions {
  autoStart: boolean;
  keepalive?: KeepaliveMode;
  reconnect: boolean;
  replace: boolean;
  probeTargetsEverySeconds?: number;
}

/** Takes Jumpgate's own --long options out of the words; the rest is an ssh command line. */
function takeAddOptions(words: string[]): { options: AddOptions; rest: string[] } {
  const options: AddOptions = { autoStart: false, reconnect: true, replace: false };
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const [flag, inline] = word.split('=', 2) as [string, string | undefined];
    if (flag === '--auto-start') options.autoStart = true;
    else if (flag === '--no-reconnect') options.reconnect = false;
    else if (flag === '--replace') options.replace = true;
    else if (flag === '--keepalive') {
      const value = inline ?? words[++i];
      const mode = KeepaliveMode.safeParse(value);
      if (!mode.success) throw new AppError('INVALID_ARGUMENT', `--keepalive takes ssh, tcp or off, not "${value ?? ''}".`);
      options.keepalive = mode.data;
    } else if (flag === '--probe-targets') {
      const value = inline ?? words[++i];
      const seconds = Number(value);
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600)
        throw new AppError('INVALID_ARGUMENT', `--probe-targets takes a number of seconds from 1 to 3600, not "${value ?? ''}".`);
      options.probeTargetsEverySeconds = seconds;
    } else if (word.startsWith('--') && word !== '--') throw new AppError('INVALID_ARGUMENT', `Unknown option ${word}. Usage:\n${TUNNEL_HELP}`);
    else rest.push(word);
  }
  return { options, rest };
}

function addTunnel(store: TunnelStore, argv: string[], io: CliIo): number {
  const [name, ...words] = argv;
  if (!name || name.startsWith('-')) throw new AppError('INVALID_ARGUMENT', `Name the tunnel first. Usage:\n${TUNNEL_HELP}`);
  const { options, rest } = takeAddOptions(words);
  const args = parseSshArgs(rest);
  if (args.command.length > 0) throw new AppError('INVALID_ARGUMENT', `A tunnel runs no remote command; remove "${args.command.join(' ')}".`);
  if (args.forwards.length === 0) throw new AppError('INVALID_ARGUMENT', 'A tunnel needs at least one forward: -L, -R or -D.');
  const { exitonforwardfailure, serveraliveinterval, serveralivecountmax, ...sshOptions } = args.options;
  const interval = Number(serveraliveinterval);
  const countMax = Number(serveralivecountmax);
  const saved = SavedHosts.open(io, { isLookupOnly: true });
  const flags = {
    port: args.port,
    user: args.user,
    jump: args.jump,
    // Saved for later runs from anywhere: relative paths are made absolute now.
    identityFiles: args.identityFiles.map((file) => (file.startsWith('~') ? file : path.resolve(file))),
    options: sshOptions,
    configFile: args.configFile === undefined || args.configFile === 'none' ? args.configFile : path.resolve(args.configFile),
  };
  const { target, profile: host } = cliTarget(args.destination, flags, saved);
  // A copy of the host's settings would stop following the host; the tunnel names it instead.
  if (host && 'spec' in target)
    throw new AppError(
      'INVALID_ARGUMENT',
      `${args.destination} is the saved host ${host.name}, and a tunnel to it takes that host's settings: remove -p, -l, -i, -o, -J and -F (and any user@ or :port), or change the host in the app.`,
    );
  const profile = TunnelProfile.safeParse({
    name,
    connection: target,
    forwards: args.forwards,
    autoStart: options.autoStart,
    reconnect: { isEnabled: options.reconnect },
    keepalive: {
      mode: options.keepalive ?? (serveraliveinterval === '0' ? 'tcp' : 'ssh'),
      ...(interval > 0 ? { intervalSeconds: interval } : {}),
      ...(countMax > 0 ? { countMax } : {}),
    },
    exitOnForwardFailure: /^yes$/i.test(exitonforwardfailure ?? ''),
    ...(options.probeTargetsEverySeconds !== undefined ? { probeTargetsEverySeconds: options.probeTargetsEverySeconds } : {}),
  });
  if (!profile.success)
    throw new AppError('INVALID_ARGUMENT', `The tunnel is not valid: ${profile.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
  store.add(profile.data, { replace: options.replace });
  io.stdout.write(
    `Saved tunnel ${name}: ${describeRoute(profile.data, saved)}, ${profile.data.forwards.map(formatForward).join(' ')}. Start it with: jumpgate tunnel up ${name}\n`,
  );
  return 0;
}

function describeRoute(profile: TunnelProfile, saved: SavedHosts): string {
  const { connection } = profile;
  const savedName = (id: string) => saved.findProfile(id)?.name ?? `a saved host that no longer exists (${id})`;
  if (!('spec' in connection)) return `the saved host ${savedName(connection.profileId)}`;
  const { spec } = connection;
  const user = spec.user ? `${spec.user}@` : '';
  const port = spec.port ? ` port ${spec.port}` : '';
  const jump =
    typeof spec.jump === 'string' ? spec.jump : spec.jump?.map((hop) => ('destination' in hop ? hop.destination : savedName(hop.profileId))).join(',');
  return `${user}${spec.destination}${port}${jump ? ` via ${jump}` : ''}`;
}

function listTunnels(store: TunnelStore, io: CliIo): number {
  const profiles = store.list();
  if (profiles.length === 0) {
    io.stdout.write('No saved tunnels. Add one with: jumpgate tunnel add NAME -L 8080:localhost:80 user@host\n');
    return 0;
  }
  const dir = dataDir(io.env);
  const saved = SavedHosts.open(io, { isLookupOnly: true });
  const rows = profiles.map((profile) => {
    const live = readTunnelState(dir, profile.name);
    return [profile.name, describeState(live?.status, live?.pid), profile.forwards.map(formatForward).join(' '), describeRoute(profile, saved)];
  });
  const header = ['NAME', 'STATE', 'FORWARDS', 'DESTINATION'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  for (const row of [header, ...rows])
    io.stdout.write(`${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}\n`);
  return 0;
}

function showTunnel(store: TunnelStore, argv: string[], io: CliIo): number {
  const isJson = argv.includes('--json');
  const name = argv.find((word) => !word.startsWith('--'));
  if (!name) throw new AppError('INVALID_ARGUMENT', 'Name the tunnel to show: jumpgate tunnel show NAME.');
  const profile = store.get(name);
  const live = readTunnelState(dataDir(io.env), name);
  if (isJson) {
    io.stdout.write(`${JSON.stringify({ profile, live: live ?? null }, null, 2)}\n`);
    return 0;
  }
  const { reconnect, keepalive } = profile;
  const spec = 'spec' in profile.connection ? profile.connection.spec : undefined;
  const lines = [
    `name: ${profile.name}`,
    `destination: ${describeRoute(profile, SavedHosts.open(io, { isLookupOnly: true }))}`,
    ...(spec?.identityFiles.length ? [`identity: ${spec.identityFiles.join(', ')}`] : []),
    ...Object.entries(spec?.options ?? {}).map(([key, value]) => `option: ${key}=${value}`),
    'forwards:',
    ...profile.forwards.map((spec) => `  ${formatForward(spec)}`),
    `auto-start: ${profile.autoStart ? 'yes' : 'no'}`,
    `reconnect: ${reconnect.isEnabled ? `backoff ${reconnect.initialDelayMs / 1000} s to ${reconnect.maxDelayMs / 1000} s, ×${reconnect.multiplier}, jitter ±${Math.round(reconnect.jitter * 100)} %, ${reconnect.maxAttempts || 'unlimited'} attempts` : 'off'}`,
    `keepalive: ${keepalive.mode === 'ssh' ? `ssh, every ${keepalive.intervalSeconds} s, down after ${keepalive.countMax} unanswered` : keepalive.mode}`,
    `exit on forward failure: ${profile.exitOnForwardFailure ? 'yes' : 'no'}`,
    `probe -L targets: ${profile.probeTargetsEverySeconds === undefined ? 'no' : `every ${profile.probeTargetsEverySeconds} s`}`,
    `state: ${describeState(live?.status, live?.pid)}`,
    ...(live?.status.forwards ?? []).map((status) => `  ${describeForward(status)}`),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
