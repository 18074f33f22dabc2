import type { Disposable } from '../../shared/base/disposable';

export const BATCH_INTERVAL_MS = 5;
export const MAX_BATCH_CHARS = 256 * 1024;

/**
 * Turns a stream of output bytes into a few strings per frame: bytes are decoded as UTF-8 with a
 * streaming decoder (a character split across two reads is held back until it is whole, never
 * cut), and text is sent at most every few milliseconds or when a batch grows large. Many small
 * IPC messages cost more than the terminal drawing them.
 */
export class OutputBatcher implements Disposable {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private pending: string[] = [];
  private pendingChars = 0;
  private timer: NodeJS.Timeout | undefined;
  private isDisposed = false;

  constructor(
    private readonly deliver: (text: string) => void,
    private readonly intervalMs = BATCH_INTERVAL_MS,
  ) {}

  push(bytes: Uint8Array): void {
    if (this.isDisposed) return;
    const text = this.decoder.decode(bytes, { stream: true });
    if (text.length === 0) return;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= MAX_BATCH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Sends what is pending now, including the tail of a sequence the stream ended in the middle of. */
  end(): void {
    const tail = this.decoder.decode();
    if (tail) {
      this.pending.push(tail);
      this.pendingChars += tail.length;
    }
    this.flush();
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pendingChars === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    this.deliver(text);
  }

  dispose(): void {
    this.isDisposed = true;
    clearTimeout(this.timer);
    this.pending = [];
  }
}
