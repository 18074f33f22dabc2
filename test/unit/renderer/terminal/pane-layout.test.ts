import { describe, expect, it } from 'vitest';
import { dividers, neighbour, paneIds, paneRects, removePane, setRatio, singlePane, splitPane } from '../../../../renderer/terminal/pane-layout';

/** a | b over c:   [ a | b ]
 *                  [   c   ]  then b split down into b / d. */
function sample() {
  let layout = splitPane(singlePane('a'), 'a', 'column', 'c');
  layout = splitPane(layout, 'a', 'row', 'b');
  return splitPane(layout, 'b', 'column', 'd');
}

describe('pane layout', () => {
  it('splitting keeps the divided pane first and gives each part its share of the tab', () => {
    const layout = sample();
    expect(paneIds(layout)).toEqual(['a', 'b', 'd', 'c']);
    const rects = paneRects(layout);
    expect(rects.get('a')).toEqual({ x: 0, y: 0, w: 0.5, h: 0.5 });
    expect(rects.get('b')).toEqual({ x: 0.5, y: 0, w: 0.5, h: 0.25 });
    expect(rects.get('d')).toEqual({ x: 0.5, y: 0.25, w: 0.5, h: 0.25 });
    expect(rects.get('c')).toEqual({ x: 0, y: 0.5, w: 1, h: 0.5 });
  });

  it('removing a pane gives its place to its sibling; the last pane leaves nothing', () => {
    const layout = removePane(sample(), 'a')!;
    expect(paneRects(layout).get('b')).toEqual({ x: 0, y: 0, w: 1, h: 0.25 });
    expect(paneRects(layout).get('c')).toEqual({ x: 0, y: 0.5, w: 1, h: 0.5 });
    expect(removePane(singlePane('a'), 'a')).toBeUndefined();
    expect(removePane(singlePane('a'), 'x')).toEqual(singlePane('a'));
  });

  it('moves focus to the pane beside, above or below, and nowhere past the edge', () => {
    const layout = sample();
    expect(neighbour(layout, 'a', 'right')).toBe('b');
    expect(neighbour(layout, 'a', 'down')).toBe('c');
    expect(neighbour(layout, 'a', 'left')).toBeUndefined();
    expect(neighbour(layout, 'a', 'up')).toBeUndefined();
    expect(neighbour(layout, 'b', 'down')).toBe('d');
    expect(neighbour(layout, 'd', 'down')).toBe('c');
    expect(neighbour(layout, 'd', 'left')).toBe('a');
    expect(neighbour(layout, 'c', 'up')).toBe('a');
    expect(neighbour(layout, 'c', 'right')).toBeUndefined();
  });

  it('dividers can be dragged, never squeezing a side below a tenth', () => {
    const layout = sample();
    expect(dividers(layout).map((d) => [d.path, d.direction])).toEqual([
      ['', 'column'],
      ['0', 'row'],
      ['01', 'column'],
    ]);
    const moved = setRatio(layout, '0', 0.7);
    expect(paneRects(moved).get('a')?.w).toBeCloseTo(0.7);
    expect(paneRects(setRatio(layout, '', 0.01)).get('c')?.h).toBeCloseTo(0.9);
  });
});
