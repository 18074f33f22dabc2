import type { Disposable } from '../../shared/base/disposable';
import { type EventName, type EventPayload, type Events, events } from '../../shared/ipc';

export type EventSink = (name: EventName, payload: unknown) => void;

/**
 * Sends contract events to every connected renderer (Electron windows, bridge clients). Payloads
 * are checked against the contract, so nothing outside it, secrets included, can be sent.
 */
export class EventHub {
  private readonly sinks = new Set<EventSink>();

  connect(sink: EventSink): Disposable {
    this.sinks.add(sink);
    return { dispose: () => this.sinks.delete(sink) };
  }

  emit<N extends EventName>(name: N, payload: EventPayload<Events[N]>): void {
    const checked = events[name].payload.parse(payload);
    for (const sink of [...this.sinks]) sink(name, checked);
  }

  get hasListeners(): boolean {
    return this.sinks.size > 0;
  }
}
