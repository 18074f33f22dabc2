/** Waits `ms` milliseconds; injectable so tests see the delays without waiting for them. */
export type Sleeper = (ms: number) => Promise<void>;

export const realSleeper: Sleeper = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Delays before an attempt after 0, 1, 2, … failures in a row: two free tries, then 1 s doubling, at most 30 s. */
export function failureDelayMs(failuresInARow: number): number {
  if (failuresInARow < 2) return 0;
  return Math.min(30_000, 1_000 * 2 ** (failuresInARow - 2));
}

/**
 * Every passphrase check of the vault goes through here, one at a time. Each check is a scrypt
 * of 128 MiB on the libuv pool: sixteen at once filled the pool (every file read of every other
 * call waited behind them) and asked for 2 GiB. One at a time, the other calls keep three of the
 * pool's four threads. After failures in a row each attempt waits longer before it runs, so a
 * guesser (a page that holds the bridge's token, a compromised renderer) gets a few tries a
 * minute, not hundreds; a right passphrase resets the count.
 */
export class PassphraseGate {
  #tail: Promise<unknown> = Promise.resolve();
  #failures = 0;

  constructor(private readonly sleep: Sleeper = realSleeper) {}

  /** How many wrong passphrases in a row so far. */
  get failuresInARow(): number {
    return this.#failures;
  }

  /**
   * Runs `check` after the checks queued before it. `check` answers whether the passphrase was
   * right (undefined: it was not a passphrase check, such as a new vault's first wrap).
   */
  run<T>(check: () => Promise<{ value: T; isRight?: boolean }>): Promise<T> {
    const turn = this.#tail.then(async () => {
      const delay = failureDelayMs(this.#failures);
      if (delay > 0) await this.sleep(delay);
      const { value, isRight } = await check();
      if (isRight === true) this.#failures = 0;
      if (isRight === false) this.#failures++;
      return value;
    });
    this.#tail = turn.catch(() => undefined);
    return turn;
  }
}
