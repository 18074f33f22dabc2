import { type CSSProperties, type HTMLAttributes, type ReactNode, type Ref, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { rowOffsets, rowWindow, scrollToReveal } from './windowing';

export interface VirtualListHandle {
  /** Scrolls as little as it can to show the row. */
  reveal(index: number): void;
}

export interface VirtualListProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  count: number;
  heightOf(index: number): number;
  /** One row, placed at `style` (absolute, at its offset). */
  renderRow(index: number, style: CSSProperties): ReactNode;
  /** A row drawn even when scrolled out of view: the one with the keyboard, so the list keeps its tab stop. */
  pinnedIndex?: number;
  overscan?: number;
  ref?: Ref<VirtualListHandle>;
}

/**
 * A scrolling list that draws only the rows in view (and a few around them): a thousand rows cost
 * the DOM of twenty. The element itself scrolls, so it needs a height from its layout.
 */
export function VirtualList({ count, heightOf, renderRow, pinnedIndex, overscan = 6, ref, style, ...rest }: VirtualListProps) {
  const element = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const offsets = useMemo(() => rowOffsets(count, heightOf), [count, heightOf]);

  useLayoutEffect(() => {
    const target = element.current;
    if (target === null) return;
    setViewportHeight(target.clientHeight);
    const observer = new ResizeObserver(() => setViewportHeight(target.clientHeight));
    observer.observe(target);
    return () => observer.disconnect();
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      reveal: (index) => {
        const target = element.current;
        if (target === null) return;
        const top = scrollToReveal(offsets, index, target.scrollTop, target.clientHeight);
        if (top !== target.scrollTop) {
          target.scrollTop = top;
          setScrollTop(top);
        }
      },
    }),
    [offsets],
  );

  const { start, end } = rowWindow(offsets, scrollTop, viewportHeight, overscan);
  const indices: number[] = [];
  if (pinnedIndex !== undefined && pinnedIndex < start && pinnedIndex < count) indices.push(pinnedIndex);
  for (let index = start; index < end; index++) indices.push(index);
  if (pinnedIndex !== undefined && pinnedIndex >= end && pinnedIndex < count) indices.push(pinnedIndex);

  return (
    <div
      ref={element}
      {...rest}
      style={{ ...style, overflowY: 'auto', position: 'relative' }}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div role="presentation" style={{ position: 'relative', height: offsets[count] ?? 0 }}>
        {indices.map((index) => renderRow(index, { position: 'absolute', top: offsets[index] ?? 0, left: 0, right: 0, height: heightOf(index) }))}
      </div>
    </div>
  );
}
