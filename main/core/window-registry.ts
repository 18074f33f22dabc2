import type { Disposable } from '../../shared/base/disposable';

export interface RegistryTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type OwnedKind = 'terminal' | 'files';

export interface WindowRegistryOptions {
  /** A window gone this long without coming back is gone for good (default a minute). */
  graceMs?: number;
  timers?: RegistryTimers;
  /** Closes what a window gone for good left open. */
  onGone(windowId: string, owned: ReadonlyArray<{ kind: OwnedKind; id: string }>): void;
}

interface WindowEntry {
  links: number;
  owned: Map<string, OwnedKind>;
  timer?: unknown;
}

export const WINDOW_GRACE_MS = 60_000;

/**
 * Which window opened which session, and whether it is still there. A window is an id that
 * survives its page reloading (the browser tab's sessionStorage, an Electron window): while none
 * of its links is up a timer runs, and a window not back before it ends has its sessions closed.
 */
export class WindowRegistry implements Disposable {
  private readonly windows = new Map<string, WindowEntry>();
  private readonly owners = new Map<string, string>();
  private readonly timers: RegistryTimers;

  constructor(private readonly options: WindowRegistryOptions) {
    this.timers = options.timers ?? {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    };
  }

  /** A link of this window is up (a WebSocket, an Electron window); dispose when it goes. */
  attach(windowId: string): Disposable {
    const entry = this.entry(windowId);
    entry.links++;
    if (entry.timer !== undefined) this.timers.clearTimeout(entry.timer);
    entry.timer = undefined;
    let isAttached = true;
    return {
      dispose: () => {
        if (!isAttached) return;
        isAttached = false;
        if (--entry.links > 0) return;
        entry.timer = this.timers.setTimeout(() => this.gone(windowId, entry), this.options.graceMs ?? WINDOW_GRACE_MS);
      },
    };
  }

  own(windowId: string | undefined, kind: OwnedKind, id: string): void {
    if (windowId === undefined) return;
    this.entry(windowId).owned.set(`${kind}:${id}`, kind);
    this.owners.set(`${kind}:${id}`, windowId);
  }

  disown(kind: OwnedKind, id: string): void {
    const key = `${kind}:${id}`;
    const windowId = this.owners.get(key);
    this.owners.delete(key);
    if (windowId !== undefined) this.windows.get(windowId)?.owned.delete(key);
  }

  /** Whether `windowId` may draw this session: its own, or one no window owns (opened without one). */
  mayAttach(windowId: string | undefined, kind: OwnedKind, id: string): boolean {
    const owner = this.owners.get(`${kind}:${id}`);
    return owner === undefined || owner === windowId;
  }

  /** The ids of this window's sessions of one kind, oldest first. */
  owned(windowId: string | undefined, kind: OwnedKind): string[] {
    const owned = windowId === undefined ? undefined : this.windows.get(windowId)?.owned;
    return [...(owned ?? [])].filter(([, k]) => k === kind).map(([key]) => key.slice(kind.length + 1));
  }

  dispose(): void {
    for (const entry of this.windows.values()) if (entry.timer !== undefined) this.timers.clearTimeout(entry.timer);
    this.windows.clear();
    this.owners.clear();
  }

  private entry(windowId: string): WindowEntry {
    let entry = this.windows.get(windowId);
    if (entry === undefined) this.windows.set(windowId, (entry = { links: 0, owned: new Map() }));
    return entry;
  }

  private gone(windowId: string, entry: WindowEntry): void {
    if (this.windows.get(windowId) !== entry || entry.links > 0) return;
    this.windows.delete(windowId);
    const owned = [...entry.owned].map(([key, kind]) => ({ kind, id: key.slice(kind.length + 1) }));
    for (const { kind, id } of owned) this.owners.delete(`${kind}:${id}`);
    this.options.onGone(windowId, owned);
  }
}
