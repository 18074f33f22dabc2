import type { Api, EventName } from '../../shared/ipc';
import { type EventListener, createApi, subscribe } from './create-api';
import type { Transport, Unsubscribe } from './transport';

/** What the UI holds: the typed api, validated events, and the state of the link to main. */
export interface Client {
  readonly api: Api;
  readonly transport: Transport;
  on<N extends EventName>(name: N, listener: EventListener<N>): Unsubscribe;
  /** Reconnect now instead of waiting out the backoff (browser bridge only). */
  retryNow(): void;
}

export function createClient(transport: Transport & { retryNow?(): void }): Client {
  return {
    api: createApi(transport),
    transport,
    on: (name, listener) => subscribe(transport, name, listener),
    retryNow: () => transport.retryNow?.(),
  };
}
