import type { SocketLike, Timers } from '../../../../renderer/api/websocket-transport';

/** A socket the test drives: it records what was sent and opens, answers and drops on command. */
export class FakeSocket implements SocketLike {
  readonly sent: unknown[] = [];
  isClosed = false;
  onopen: (() => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.isClosed = true;
  }
  open(): void {
    this.onopen?.();
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
  drop(code = 1006): void {
    this.isClosed = true;
    this.onclose?.({ code });
  }
}

/** Timers that run only when the test advances the clock. */
export class ManualTimers implements Timers {
  private time = 1_000;
  private readonly due = new Map<number, { at: number; callback: () => void }>();
  private nextHandle = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.nextHandle++;
    this.due.set(handle, { at: this.time + ms, callback });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }
  now(): number {
    return this.time;
  }
  get pending(): number {
    return this.due.size;
  }
  advance(ms: number): void {
    this.time += ms;
    for (const [handle, timer] of [...this.due].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > this.time) continue;
      this.due.delete(handle);
      timer.callback();
    }
  }
}
