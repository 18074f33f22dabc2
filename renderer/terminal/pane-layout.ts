/**
 * How a tab is divided into panes: a binary tree of splits. 'row' puts the two parts side by side
 * (a vertical divider), 'column' one above the other. Pure functions, so React can keep every pane
 * mounted in one flat list and place it from the rectangles computed here: a split never remounts
 * (and so never reconnects) the pane it divides.
 */
export type PaneLayout = { kind: 'pane'; id: string } | { kind: 'split'; direction: 'row' | 'column'; ratio: number; first: PaneLayout; second: PaneLayout };

/** Where something sits in the tab, as fractions of its width and height. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type FocusDirection = 'left' | 'right' | 'up' | 'down';

/** A split's divider: `path` names the split ('' the root, then 0/1 per level) for resizing. */
export interface Divider {
  path: string;
  direction: 'row' | 'column';
  /** The area the split divides. */
  area: Rect;
  ratio: number;
}

const MIN_RATIO = 0.1;
const EPSILON = 1e-6;

export function singlePane(id: string): PaneLayout {
  return { kind: 'pane', id };
}

/** Divides pane `id` in two: it keeps the first half, `newId` gets the second. */
export function splitPane(layout: PaneLayout, id: string, direction: 'row' | 'column', newId: string): PaneLayout {
  if (layout.kind === 'pane') return layout.id === id ? { kind: 'split', direction, ratio: 0.5, first: layout, second: singlePane(newId) } : layout;
  return { ...layout, first: splitPane(layout.first, id, direction, newId), second: splitPane(layout.second, id, direction, newId) };
}

/** The layout without pane `id` (its sibling takes its place); undefined when it was the last pane. */
export function removePane(layout: PaneLayout, id: string): PaneLayout | undefined {
  if (layout.kind === 'pane') return layout.id === id ? undefined : layout;
  const first = removePane(layout.first, id);
  const second = removePane(layout.second, id);
  if (first === undefined) return second;
  if (second === undefined) return first;
  return first === layout.first && second === layout.second ? layout : { ...layout, first, second };
}

export function paneIds(layout: PaneLayout): string[] {
  return layout.kind === 'pane' ? [layout.id] : [...paneIds(layout.first), ...paneIds(layout.second)];
}

/** Each pane's rectangle within the tab. */
export function paneRects(layout: PaneLayout, area: Rect = { x: 0, y: 0, w: 1, h: 1 }, into = new Map<string, Rect>()): Map<string, Rect> {
  if (layout.kind === 'pane') return into.set(layout.id, area);
  const [first, second] = divide(area, layout.direction, layout.ratio);
  paneRects(layout.first, first, into);
  return paneRects(layout.second, second, into);
}

export function dividers(layout: PaneLayout, area: Rect = { x: 0, y: 0, w: 1, h: 1 }, path = '', into: Divider[] = []): Divider[] {
  if (layout.kind === 'pane') return into;
  into.push({ path, direction: layout.direction, area, ratio: layout.ratio });
  const [first, second] = divide(area, layout.direction, layout.ratio);
  dividers(layout.first, first, `${path}0`, into);
  return dividers(layout.second, second, `${path}1`, into);
}

/** Moves the divider of the split at `path`; neither side gets smaller than a tenth. */
export function setRatio(layout: PaneLayout, path: string, ratio: number): PaneLayout {
  if (layout.kind === 'pane') return layout;
  if (path === '') return { ...layout, ratio: Math.min(1 - MIN_RATIO, Math.max(MIN_RATIO, ratio)) };
  const rest = path.slice(1);
  return path[0] === '0' ? { ...layout, first: setRatio(layout.first, rest, ratio) } : { ...layout, second: setRatio(layout.second, rest, ratio) };
}

/**
 * The pane next to `fromId` in a direction: among the panes beyond its edge that overlap it
 * across, the nearest; ties go to the one lined up best with its top (or left) edge.
 */
export function neighbour(layout: PaneLayout, fromId: string, direction: FocusDirection): string | undefined {
  const rects = paneRects(layout);
  const from = rects.get(fromId);
  if (from === undefined) return undefined;
  const isHorizontal = direction === 'left' || direction === 'right';
  let best: { id: string; distance: number; offset: number } | undefined;
  for (const [id, rect] of rects) {
    if (id === fromId) continue;
    const distance = gap(from, rect, direction);
    if (distance < -EPSILON) continue;
    const overlap = isHorizontal ? overlapOf(from.y, from.h, rect.y, rect.h) : overlapOf(from.x, from.w, rect.x, rect.w);
    if (overlap <= EPSILON) continue;
    const offset = isHorizontal ? Math.abs(rect.y - from.y) : Math.abs(rect.x - from.x);
    if (best === undefined || distance < best.distance - EPSILON || (Math.abs(distance - best.distance) <= EPSILON && offset < best.offset))
      best = { id, distance, offset };
  }
  return best?.id;
}

function divide(area: Rect, direction: 'row' | 'column', ratio: number): [Rect, Rect] {
  if (direction === 'row') {
    const w = area.w * ratio;
    return [
      { ...area, w },
      { ...area, x: area.x + w, w: area.w - w },
    ];
  }
  const h = area.h * ratio;
  return [
    { ...area, h },
    { ...area, y: area.y + h, h: area.h - h },
  ];
}

/** How far `to` lies beyond `from`'s edge in a direction (negative: not beyond it). */
function gap(from: Rect, to: Rect, direction: FocusDirection): number {
  switch (direction) {
    case 'right':
      return to.x - (from.x + from.w);
    case 'left':
      return from.x - (to.x + to.w);
    case 'down':
      return to.y - (from.y + from.h);
    case 'up':
      return from.y - (to.y + to.h);
  }
}

function overlapOf(start: number, size: number, otherStart: number, otherSize: number): number {
  return Math.min(start + size, otherStart + otherSize) - Math.max(start, otherStart);
}
