import { DisposableStore } from '../../shared/base/disposable';
import { AppError } from '../../shared/errors';
import type { TunnelProfile, TunnelStatus } from '../../shared/model/tunnel-profile';
import { tunnelConnector } from '../forward/tunnel-connect';
import type { TargetContext } from '../ssh/config/connect-target';
import { TunnelStateFile, readTunnelState } from '../forward/tunnel-state-file';
import { TunnelSupervisor } from '../forward/tunnel-supervisor';
import { probeInterval } from '../forward/tunnel-manager';
import { PromptBroker } from '../prompts/prompt-broker';
import { SshConnector } from '../ssh/connect/ssh-connector';
import { dataDir } from '../storage/data-dir';
import { ProfileStore } from '../storage/profile-store';
import { confBackend } from '../storage/store-backend';
import type { ProfileId } from '../../shared/model/profile';
import type { TunnelStore } from '../storage/tunnel-store';
import { type CliIo, withHint } from './cli-io';
import { allInterfacesWarning } from './forward-report';
import { createTerminalPrompter } from './terminal-prompter';
import { describeForward, describeState } from './tunnel-format';
import { errnoCode } from '../base/errno';
import { TimerGapDetector, WakeSignal } from '../base/wake-signal';

const EXIT_FAILURE = 255;

/**
 * `jumpgate tunnel up NAME…`: runs saved tunnels in the foreground, each under a supervisor,
 * printing each change of state on stderr and publishing it for `tunnel list`. Ctrl+C (or
 * SIGTERM) closes every listener and connection before exiting; if every tunnel has failed for
 * good, exits 255.
 */
export async function runTunnelUp(store: TunnelStore, argv: string[], io: CliIo): Promise<number> {
  const verbosity = argv.filter((word) => /^-v+$/.test(word)).reduce((sum, word) => sum + word.length - 1, 0);
  const isQuiet = argv.includes('-q');
  const names = argv.filter((word) => !word.startsWith('-'));
  const profiles = names.length > 0 ? names.map((name) => store.get(name)) : store.list().filter((profile) => profile.autoStart);
  if (profiles.length === 0)
    throw new AppError('INVALID_ARGUMENT', 'No tunnel to bring up: name one ("jumpgate tunnel up NAME"), or add --auto-start to some.');
  const dir = dataDir(io.env);
  for (const profile of profiles) {
    const running = readTunnelState(dir, profile.name);
    if (running && running.pid !== process.pid)
      throw new AppError('OWNED_ELSEWHERE', `Tunnel ${profile.name} is already up in process ${running.pid}. Stop that one first.`);
  }

  const savedHosts = new ProfileStore(confBackend(), dir);
  const findProfile = (id: string) => savedHosts.get(id as ProfileId);
  const store_ = new DisposableStore();
  const connector = store_.add(
    new SshConnector({
      broker: new PromptBroker(createTerminalPrompter(io.env)),
      observer: { onProgress: (p) => verbosity > 0 && io.stderr.write(`jumpgate: debug1: ${p.hop}: ${p.step} (${p.elapsedMs} ms)\n`) },
    }),
  );
  const supervisors = profiles.map((profile) => superviseTunnel(profile, connector, dir, io, { verbosity, isQuiet, findProfile }, store_));
  // A wake (a timer that fired long after it was due) retries now and checks the connections that look up.
  const signal = store_.add(new WakeSignal());
  store_.add(new TimerGapDetector(signal).start());
  store_.add(
    signal.onDidWake(() => {
      if (!isQuiet && supervisors.some((s) => s.status.state === 'retrying')) io.stderr.write('jumpgate: woke up: retrying now\n');
      for (const supervisor of supervisors) void supervisor.heal();
    }),
  );
  const outcome = await new Promise<number>((resolve) => {
    const stop = () => resolve(0);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    store_.add({ dispose: () => (process.off('SIGINT', stop), process.off('SIGTERM', stop)) });
    const check = () => {
      if (supervisors.every((s) => s.status.state === 'failed')) resolve(EXIT_FAILURE);
    };
    for (const supervisor of supervisors) store_.add(supervisor.onDidChange(check));
    for (const supervisor of supervisors) supervisor.start();
  });
  store_.dispose();
  if (outcome === 0) io.stderr.write(`jumpgate: ${profiles.length === 1 ? 'tunnel' : 'tunnels'} ${profiles.map((p) => p.name).join(', ')} closed\n`);
  return outcome;
}

function superviseTunnel(
  profile: TunnelProfile,
  connector: SshConnector,
  dir: string,
  io: CliIo,
  options: { verbosity: number; isQuiet: boolean; findProfile: TargetContext['findProfile'] },
  store: DisposableStore,
): TunnelSupervisor {
  const supervisor = new TunnelSupervisor({
    name: profile.name,
    forwards: profile.forwards,
    exitOnForwardFailure: profile.exitOnForwardFailure,
    reconnect: profile.reconnect,
    probeIntervalMs: probeInterval(profile),
    connect: tunnelConnector(profile, connector, { env: io.env, findProfile: options.findProfile }),
  });
  const stateFile = new TunnelStateFile(dir, profile.name);
  const say = (text: string) => io.stderr.write(`jumpgate: tunnel ${profile.name}: ${text}\n`);
  let last: TunnelStatus | undefined;
  const errorsSeen = new Map<string, string | undefined>();
  let isPublishFailureSaid = false;
  // Only `jumpgate tunnel list` in another process misses the state; the tunnel itself runs on.
  const publishState = (status: TunnelStatus) => {
    try {
      stateFile.write(status);
    } catch (error) {
      if (!isPublishFailureSaid && !options.isQuiet)
        say(`its state is not shown to 'jumpgate tunnel list': ${AppError.is(error) ? error.message : (errnoCode(error) ?? 'error')}`);
      isPublishFailureSaid = true;
    }
  };
  store.add({ dispose: () => stateFile.remove() });
  store.add(supervisor);
  store.add(
    supervisor.onDidChange((status) => {
      if (status.state !== 'stopped') publishState(status);
      const isNewState = status.state !== last?.state || status.attempt !== last?.attempt;
      last = status;
      if (isNewState) reportState(status, supervisor, say, options);
      for (const forward of status.forwards) {
        const message = forward.lastError?.message;
        if (message !== errorsSeen.get(forward.label) && message && status.state === 'up' && !options.isQuiet)
          say(`${withHint(message, forward.lastError!.hint)} (${forward.lastError!.code})`);
        errorsSeen.set(forward.label, message);
      }
    }),
  );
  return supervisor;
}

function reportState(status: TunnelStatus, supervisor: TunnelSupervisor, say: (text: string) => void, options: { verbosity: number; isQuiet: boolean }): void {
  switch (status.state) {
    case 'connecting':
      if (!options.isQuiet) say(status.attempt > 1 ? `connecting (attempt ${status.attempt})` : 'connecting');
      return;
    case 'up':
      say('up');
      for (const forward of status.forwards) {
        const warning = allInterfacesWarning(forward);
        if (warning) say(`warning: ${warning}`);
        if (!options.isQuiet || forward.state === 'failed') say(`  ${describeForward(forward)}`);
      }
      for (const failure of supervisor.forwardFailures) say(`warning: ${withHint(failure.message, failure.hint)} (${failure.code})`);
      return;
    case 'retrying':
    case 'failed':
      say(describeState(status));
      return;
    case 'stopped':
      return;
  }
}
