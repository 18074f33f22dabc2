import { describe, expect, it } from 'vitest';
import { rowAt, rowOffsets, rowWindow, scrollToReveal } from '../../../../renderer/ui/windowing';

describe('windowing', () => {
  // Rows 0..999: every tenth is a 30 px heading, the others 44 px hosts.
  const heightOf = (index: number): number => (index % 10 === 0 ? 30 : 44);
  const offsets = rowOffsets(1000, heightOf);

  it('adds up the rows', () => {
    expect(offsets.slice(0, 4)).toEqual([0, 30, 74, 118]);
    expect(offsets[1000]).toBe(100 * 30 + 900 * 44);
    expect(rowOffsets(0, heightOf)).toEqual([0]);
  });

  it('finds the row under a position, at its edges too', () => {
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 29)).toBe(0);
    expect(rowAt(offsets, 30)).toBe(1);
    expect(rowAt(offsets, 73)).toBe(1);
    expect(rowAt(offsets, 74)).toBe(2);
    expect(rowAt(offsets, 10 ** 9)).toBe(999);
  });

  it('draws only the rows in view and a few around them', () => {
    expect(rowWindow(offsets, 0, 440, 3)).toEqual({ start: 0, end: 14 });
    const middle = rowWindow(offsets, offsets[500] ?? 0, 440, 3);
    expect(middle.start).toBe(497);
    expect(middle.end - middle.start).toBeLessThan(25);
    // Scrolled to the bottom, the last row is drawn.
    const total = offsets[1000] ?? 0;
    expect(rowWindow(offsets, total - 440, 440, 3).end).toBe(1000);
    expect(rowWindow([0], 0, 440, 3)).toEqual({ start: 0, end: 0 });
  });

  it('scrolls as little as it can to reveal a row', () => {
    expect(scrollToReveal(offsets, 1, 0, 440)).toBe(0);
    // Below the view: its bottom lands on the view's bottom.
    expect(scrollToReveal(offsets, 20, 0, 440)).toBe((offsets[21] ?? 0) - 440);
    // Above it: its top lands on the view's top.
    expect(scrollToReveal(offsets, 5, 1000, 440)).toBe(offsets[5]);
    expect(scrollToReveal(offsets, 5000, 123, 440)).toBe(123);
  });
});
