import { ChevronLeft, ChevronRight, CopyPlus, Plus, X } from 'lucide-react';
import { type DragEvent, type KeyboardEvent, type MouseEvent, type RefObject, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Button, IconButton } from '../../ui/button';
import type { TabDescriptor } from '../hooks/tabs-model';
import { TabKind } from './tab-kind';
import { TabMenu } from './tab-menu';
import './tab-strip.css';

export interface TabStripProps {
  tabs: readonly TabDescriptor[];
  activeId: string | undefined;
  /** Tabs whose session is being recorded. */
  recordingIds?: ReadonlySet<string>;
  onSelect(id: string): void;
  onClose(id: string): void;
  onNew(): void;
  /** A new tab to the same place. */
  onDuplicate?(id: string): void;
  onRename?(id: string, title: string): void;
  onMove?(id: string, toIndex: number): void;
}

const DRAG_TYPE = 'application/x-jumpgate-tab';

/**
 * The tab row: arrow keys move between tabs (one tab stop), Delete closes the focused one, F2 or a
 * double-click renames, dragging reorders. Tabs past the width scroll (buttons, the wheel), the
 * shown one is kept in view, and a menu lists them all.
 */
export function TabStrip({ tabs, activeId, recordingIds, onSelect, onClose, onNew, onDuplicate, onRename, onMove }: TabStripProps) {
  const list = useRef<HTMLDivElement>(null);
  const [renaming, setRenaming] = useState<string | undefined>(undefined);
  const [dropIndex, setDropIndex] = useState<number | undefined>(undefined);
  const overflow = useHorizontalOverflow(list, tabs.length);
  useEffect(() => {
    if (activeId === undefined) return;
    list.current?.querySelector(`[data-tab-id="${CSS.escape(activeId)}"]`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [activeId, tabs.length]);
  const scrollBy = (direction: 1 | -1): void => list.current?.scrollBy({ left: direction * list.current.clientWidth * 0.8 });
  const onKeyDown = (event: KeyboardEvent, index: number): void => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const tab = tabs[index];
    if (event.key === 'Delete' && tab !== undefined) onClose(tab.id);
    if (event.key === 'F2' && tab !== undefined && onRename !== undefined) setRenaming(tab.id);
    if (step === 0) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (next === undefined) return;
    onSelect(next.id);
    list.current?.querySelector<HTMLElement>(`[data-tab-id="${CSS.escape(next.id)}"]`)?.focus();
  };
  const dropAt = (event: DragEvent, index: number): number => {
    const box = event.currentTarget.getBoundingClientRect();
    return event.clientX > box.left + box.width / 2 ? index + 1 : index;
  };
  const onDrop = (event: DragEvent, index: number): void => {
    const id = event.dataTransfer.getData(DRAG_TYPE);
    setDropIndex(undefined);
    const from = tabs.findIndex((tab) => tab.id === id);
    if (from < 0 || onMove === undefined) return;
    event.preventDefault();
    const to = dropAt(event, index);
    // The model takes the index in the list without the moving tab.
    onMove(id, to > from ? to - 1 : to);
  };

  return (
    <div className="tab-strip">
      {overflow.isOverflowing && (
        <IconButton icon={ChevronLeft} label="Scroll tabs left" className="tab-strip__scroll" disabled={!overflow.canScrollLeft} onClick={() => scrollBy(-1)} />
      )}
      <div
        ref={list}
        className="tab-strip__tabs"
        role="tablist"
        aria-label="Open sessions"
        onDragLeave={() => setDropIndex(undefined)}
        onScroll={overflow.measure}
        onWheel={(event) => {
          // A mouse wheel scrolls the row sideways.
          if (event.deltaX === 0 && list.current !== null) list.current.scrollLeft += event.deltaY;
        }}
      >
        {tabs.map((tab, index) => (
          <div
            key={tab.id}
            role="tab"
            data-tab-id={tab.id}
            data-state={tab.state}
            aria-selected={tab.id === activeId}
            tabIndex={tab.id === activeId ? 0 : -1}
            className={`tab tab--${tab.state} ${tab.hasActivity === true ? 'tab--activity' : ''} ${dropIndex === index ? 'tab--drop-before' : ''} ${dropIndex === index + 1 ? 'tab--drop-after' : ''}`}
            draggable={renaming !== tab.id}
            onDragStart={(event) => {
              event.dataTransfer.setData(DRAG_TYPE, tab.id);
              event.dataTransfer.effectAllowed = 'move';
            }}
            onDragOver={(event) => {
              if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
              event.preventDefault();
              setDropIndex(dropAt(event, index));
            }}
            onDrop={(event) => onDrop(event, index)}
            onClick={() => onSelect(tab.id)}
            onDoubleClick={() => onRename !== undefined && setRenaming(tab.id)}
            onAuxClick={(event) => event.button === 1 && onClose(tab.id)}
            onKeyDown={(event) => renaming !== tab.id && onKeyDown(event, index)}
          >
            <span className="tab__dot" aria-hidden="true" />
            <TabKind tab={tab} size={14} />
            {renaming === tab.id ? (
              <RenameField
                title={tab.title}
                onDone={(title) => {
                  setRenaming(undefined);
                  if (title !== undefined) onRename?.(tab.id, title);
                }}
              />
            ) : (
              <span className="tab__title" title={tab.title}>
                {tab.title}
              </span>
            )}
            {recordingIds?.has(tab.id) === true && <span className="tab__rec" title="Recording" aria-label="recording" />}
            {(tab.state !== 'connected' || tab.hasActivity === true) && (
              <span className="visually-hidden">{tab.hasActivity === true ? ', new output' : `, ${tab.state}`}</span>
            )}
            {onDuplicate !== undefined && tab.kind !== 'page' && (
              <IconButton
                icon={CopyPlus}
                tabIndex={-1}
                label={`Duplicate ${tab.title}`}
                title="Duplicate: a new tab to the same place"
                className="tab__duplicate"
                onClick={withoutSelecting(() => onDuplicate(tab.id))}
              />
            )}
            <Button
              variant="ghost"
              size="s"
              icon={X}
              tabIndex={-1}
              aria-label={`Close ${tab.title}`}
              className="tab__close"
              onClick={withoutSelecting(() => onClose(tab.id))}
            />
          </div>
        ))}
      </div>
      {overflow.isOverflowing && (
        <IconButton
          icon={ChevronRight}
          label="Scroll tabs right"
          className="tab-strip__scroll"
          disabled={!overflow.canScrollRight}
          onClick={() => scrollBy(1)}
        />
      )}
      <IconButton icon={Plus} label="New connection" onClick={onNew} className="tab-strip__new" />
      {tabs.length > 1 && <TabMenu tabs={tabs} activeId={activeId} onSelect={onSelect} />}
    </div>
  );
}

/** Whether the row is wider than its room, and which ways it can scroll; measured on scroll, resize and a change of tabs. */
function useHorizontalOverflow(list: RefObject<HTMLDivElement | null>, count: number) {
  const [state, setState] = useState({ isOverflowing: false, canScrollLeft: false, canScrollRight: false });
  const measure = (): void => {
    const element = list.current;
    if (element === null) return;
    const next = {
      isOverflowing: element.scrollWidth > element.clientWidth + 1,
      canScrollLeft: element.scrollLeft > 1,
      canScrollRight: element.scrollLeft + element.clientWidth < element.scrollWidth - 1,
    };
    setState((current) =>
      current.isOverflowing === next.isOverflowing && current.canScrollLeft === next.canScrollLeft && current.canScrollRight === next.canScrollRight
        ? current
        : next,
    );
  };
  const latest = useRef(measure);
  latest.current = measure;
  useLayoutEffect(() => latest.current(), [count]);
  useEffect(() => {
    const element = list.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => latest.current());
    observer.observe(element);
    return () => observer.disconnect();
  }, [list]);
  return { ...state, measure };
}

function RenameField({ title, onDone }: { title: string; onDone(title: string | undefined): void }) {
  const [text, setText] = useState(title);
  return (
    <input
      className="tab__rename"
      aria-label="Tab name"
      value={text}
      autoFocus
      onFocus={(event) => event.target.select()}
      onChange={(event) => setText(event.target.value)}
      onBlur={() => onDone(text)}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter') onDone(text);
        if (event.key === 'Escape') onDone(undefined);
      }}
    />
  );
}

/** The click of a button inside a tab does its own thing, and does not also select the tab. */
function withoutSelecting(action: () => void): (event: MouseEvent) => void {
  return (event) => {
    event.stopPropagation();
    action();
  };
}
