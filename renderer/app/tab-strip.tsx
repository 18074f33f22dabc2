import { Plus, X } from 'lucide-react';
import { type KeyboardEvent, useRef } from 'react';
import { Button } from '../ui/button';
import type { TabDescriptor } from './tabs-model';
import './tab-strip.css';


export interface TabStripProps {
  tabs: readonly TabDescriptor[];
  activeId: string | undefined;
  onSelect(id: string): void;
  onClose(id: string): void;
  onNew(): void;
}

/** The tab row: arrow keys move between tabs (one tab stop), Delete closes the focused one. */
export function TabStrip({ tabs, activeId, onSelect, onClose, onNew }: TabStripProps) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent, index: number): void => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const tab = tabs[index];
    if (event.key === 'Delete' && tab !== undefined) onClose(tab.id);
    if (step === 0) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (next === undefined) return;
    onSelect(next.id);
    list.current?.querySelector<HTMLElement>(`[data-tab-id="${CSS.escape(next.id)}"]`)?.focus();
  };

  return (
    <div className="tab-strip">
      <div ref={list} className="tab-strip__tabs" role="tablist" aria-label="Open sessions">
        {tabs.map((tab, index) => (
          <div
            key={tab.id}
            role="tab"
            data-tab-id={tab.id}
            aria-selected={tab.id === activeId}
            tabIndex={tab.id === activeId ? 0 : -1}
            className={`tab tab--${tab.state} ${tab.hasActivity === true ? 'tab--activity' : ''}`}
            onClick={() => onSelect(tab.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            <span className="tab__dot" aria-hidden="true" />
            <span className="tab__title">{tab.title}</span>
            {(tab.state !== 'connected' || tab.hasActivity === true) && (
              <span className="visually-hidden">{tab.hasActivity === true ? ', new output' : `, ${tab.state}`}</span>
            )}
            <Button variant="ghost" size="s" icon={X} tabIndex={-1} aria-label={`Close ${tab.title}`} className="tab__close" onClick={() => onClose(tab.id)} />
          </div>
        ))}
      </div>
      <Button variant="ghost" size="s" icon={Plus} aria-label="New connection" title="New connection" onClick={onNew} className="tab-strip__new" />
    </div>
  );
}
