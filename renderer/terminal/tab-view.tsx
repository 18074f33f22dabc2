import { type PointerEvent, useRef, useState } from 'react';
import { type Divider, dividers, paneIds, paneRects } from './pane-layout';
import { TerminalPane, type TerminalPaneProps } from './terminal-pane';
import type { PaneInfo, TerminalTab } from './use-terminal-tabs';

/** What every pane of the tab gets as it is. */
type SharedPaneProps = Pick<
  TerminalPaneProps,
  'sessions' | 'settings' | 'theme' | 'onSession' | 'onFocus' | 'onSplit' | 'onSaveConnection' | 'onOpenFiles' | 'onError'
>;

export interface TabViewProps extends SharedPaneProps {
  tab: TerminalTab;
  panes: ReadonlyMap<string, PaneInfo>;
  isVisible: boolean;
  onResize(tabId: string, path: string, ratio: number): void;
  onClosePane(paneId: string): void;
}

const percent = (fraction: number): number => fraction * 100;

/** One tab: its panes where the layout puts them, and a draggable divider for each split. */
export function TabView({ tab, panes, isVisible, onResize, ...pane }: TabViewProps) {
  const view = useRef<HTMLDivElement>(null);
  const ids = paneIds(tab.layout);
  const rects = paneRects(tab.layout);
  return (
    // A hidden tab's view still spans the workspace: it must neither cover the one showing nor take its clicks.
    <div ref={view} className={`tab-view ${isVisible ? '' : 'tab-view--hidden'}`} inert={!isVisible} data-testid="tab-view" data-tab-id={tab.id}>
      {ids.map((paneId) => {
        const info = panes.get(paneId);
        const rect = rects.get(paneId);
        if (info === undefined || rect === undefined) return null;
        return (
          <TerminalPane
            key={paneId}
            paneId={paneId}
            title={info.title}
            target={info.target}
            restore={info.restore}
            isVisible={isVisible}
            isFocused={tab.focusedId === paneId}
            isSplit={ids.length > 1}
            placement={{ left: percent(rect.x), top: percent(rect.y), width: percent(rect.w), height: percent(rect.h) }}
            sessions={pane.sessions}
            settings={pane.settings}
            theme={pane.theme}
            onSession={pane.onSession}
            onFocus={pane.onFocus}
            onSplit={pane.onSplit}
            onSaveConnection={pane.onSaveConnection}
            onOpenFiles={pane.onOpenFiles}
            onClose={pane.onClosePane}
            onError={pane.onError}
          />
        );
      })}
      {isVisible &&
        dividers(tab.layout).map((divider) => (
          <PaneDivider key={divider.path} divider={divider} view={view} onMove={(ratio) => onResize(tab.id, divider.path, ratio)} />
        ))}
    </div>
  );
}

function PaneDivider({ divider, view, onMove }: { divider: Divider; view: React.RefObject<HTMLDivElement | null>; onMove(ratio: number): void }) {
  const [isDragging, setDragging] = useState(false);
  const { area, direction, ratio } = divider;
  const isRow = direction === 'row';
  const style = isRow
    ? { left: `${percent(area.x + area.w * ratio)}%`, top: `${percent(area.y)}%`, height: `${percent(area.h)}%` }
    : { top: `${percent(area.y + area.h * ratio)}%`, left: `${percent(area.x)}%`, width: `${percent(area.w)}%` };
  const move = (event: PointerEvent): void => {
    const box = view.current?.getBoundingClientRect();
    if (!isDragging || box === undefined) return;
    const next = isRow ? ((event.clientX - box.left) / box.width - area.x) / area.w : ((event.clientY - box.top) / box.height - area.y) / area.h;
    onMove(next);
  };
  return (
    <div
      className={`pane-divider pane-divider--${direction} ${isDragging ? 'pane-divider--dragging' : ''}`}
      style={style}
      role="separator"
      aria-orientation={isRow ? 'vertical' : 'horizontal'}
      aria-valuenow={Math.round(ratio * 100)}
      data-testid="pane-divider"
      // The divider takes no focus: the keyboard stays in the pane that had it, through the drag.
      onMouseDown={(event) => event.preventDefault()}
      onPointerDown={(event) => {
        event.preventDefault();
        event.currentTarget.setPointerCapture(event.pointerId);
        setDragging(true);
      }}
      onPointerMove={move}
      onPointerUp={() => setDragging(false)}
      onPointerCancel={() => setDragging(false)}
    />
  );
}
