import { describe, expect, it } from 'vitest';
import { TimerGapDetector, WakeSignal, type WakeReason } from '../../../../main/base/wake-signal';

describe('the timer-gap detector', () => {
  function detector() {
    const signal = new WakeSignal();
    const heard: WakeReason[] = [];
    signal.onDidWake((reason) => heard.push(reason));
    let now = 1_000_000;
    const gaps = new TimerGapDetector(signal, { intervalMs: 1_000, toleranceMs: 4_000, now: () => now });
    return { heard, gaps, advance: (ms: number) => (now += ms) };
  }

  it('stays quiet while its timer fires on time or a little late', () => {
    const { heard, gaps, advance } = detector();
    for (const ms of [1_000, 1_010, 2_500, 4_900]) {
      advance(ms);
      gaps.tick();
    }
    expect(heard).toEqual([]);
  });

  it('reports a wake when its timer fired long after it was due, once', () => {
    const { heard, gaps, advance } = detector();
    advance(1_000);
    gaps.tick();
    advance(60_000);
    gaps.tick();
    advance(1_000);
    gaps.tick();
    expect(heard).toEqual(['timer-gap']);
  });

  it('never keeps the process alive and stops when disposed', () => {
    const { gaps } = detector();
    gaps.start();
    gaps.dispose();
    gaps.dispose();
  });
});
