import type { Disposable } from '../../shared/base/disposable';
import { type AppCoreOptions, createAppCore } from '../core/app-core';
import type { WindowRegistry } from '../core/window-registry';
import type { WakeSignal } from '../base/wake-signal';
import type { TunnelManager } from '../forward/tunnel-manager';
import type { SettingsStore } from '../storage/settings-store';
import type { PromptBroker } from '../prompts/prompt-broker';
import { appHandlers } from './app-handlers';
import { EventHub } from './event-hub';
import { Router } from './router';

export interface AppRpc extends Disposable {
  router: Router;
  hub: EventHub;
  broker: PromptBroker;
  /** Transports tell it which window's link is up; a window gone for good has its sessions closed. */
  windows: WindowRegistry;
  /** Fired by the transport's edge when the machine woke or its network changed. */
  wake: WakeSignal;
  /** For the app's tray: the tunnels it lists, starts and stops, and the setting that keeps it running. */
  tunnels: TunnelManager;
  settings: SettingsStore;
}

/**
 * The contract served over the app core: the router of its methods and the hub of its events.
 * The app's main process, the browser bridge and the tests each build their transport on this,
 * so they serve the very same methods.
 */
export function createAppRpc(options: AppCoreOptions): AppRpc {
  const hub = new EventHub();
  const core = createAppCore(options, (name, payload) => hub.emit(name, payload));
  const log = options.log ?? (() => {});
  const router = new Router(
    appHandlers(core, options),
    (method, error) => log(`unexpected failure in ${method}: ${error instanceof Error ? error.name : typeof error}`),
    log,
  );
  return {
    router,
    hub,
    broker: core.broker,
    windows: core.windows,
    wake: core.wake,
    tunnels: core.services.tunnels,
    settings: core.services.settings,
    dispose: () => core.dispose(),
  };
}
