export const HIGH_WATER_CHARS = 512 * 1024;
export const LOW_WATER_CHARS = 128 * 1024;

/**
 * Ack-based flow control: the renderer acknowledges what it has drawn. Past a high-water mark of
 * unacknowledged output the source is paused (the SSH channel stops reading, so its window
 * fills and the server stops sending); below a low-water mark it resumes. Nothing is dropped and
 * memory stays bounded whatever the remote side prints.
 */
export class FlowControl {
  private unacked = 0;
  private isPaused = false;

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
    private readonly highWater = HIGH_WATER_CHARS,
    private readonly lowWater = LOW_WATER_CHARS,
  ) {}

  get pendingAcks(): number {
    return this.unacked;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  sent(chars: number): void {
    this.unacked += chars;
    if (!this.isPaused && this.unacked > this.highWater) {
      this.isPaused = true;
      this.pause();
    }
  }

  ack(chars: number): void {
    this.unacked = Math.max(0, this.unacked - Math.max(0, chars));
    if (this.isPaused && this.unacked < this.lowWater) {
      this.isPaused = false;
      this.resume();
    }
  }

  /** A window draws afresh (it came back): what was sent before will never be acknowledged. */
  reset(): void {
    this.ack(this.unacked);
  }
}
