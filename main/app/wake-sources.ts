import { net, powerMonitor } from 'electron';
import type { Disposable } from '../../shared/base/disposable';
import type { WakeReason } from '../base/wake-signal';

/** How often main asks whether the machine is online: Electron has no event for it in main. */
const ONLINE_POLL_MS = 2_000;

/**
 * Electron's word that the network may have changed, for the core's wake signal: the machine
 * resumed from sleep, the screen was unlocked, or the network came back after being down.
 */
export function watchPowerAndNetwork(fire: (reason: WakeReason) => void, pollMs = ONLINE_POLL_MS): Disposable {
  const onResume = () => fire('resume');
  const onUnlock = () => fire('unlock');
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onUnlock);
  let wasOnline = net.isOnline();
  const poll = setInterval(() => {
    const isOnline = net.isOnline();
    if (isOnline && !wasOnline) fire('online');
    wasOnline = isOnline;
  }, pollMs);
  return {
    dispose: () => {
      clearInterval(poll);
      powerMonitor.removeListener('resume', onResume);
      powerMonitor.removeListener('unlock-screen', onUnlock);
    },
  };
}
