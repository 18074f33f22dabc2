import { ChevronDown } from 'lucide-react';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { IconButton } from '../../ui/button';
import type { TabDescriptor } from '../hooks/tabs-model';
import { TabKind } from './tab-kind';

export interface TabMenuProps {
  tabs: readonly TabDescriptor[];
  activeId: string | undefined;
  onSelect(id: string): void;
}

/** Every open tab in a menu, however many the strip has scrolled out of view. */
export function TabMenu({ tabs, activeId, onSelect }: TabMenuProps) {
  const [isOpen, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!isOpen) return;
    const items = menu.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]');
    const checked = menu.current?.querySelector<HTMLElement>('[aria-checked="true"]');
    (checked ?? items?.[0])?.focus();
    const onPointerDown = (event: PointerEvent): void => {
      const target = event.target as Node;
      if (!wrapper.current?.contains(target)) setOpen(false);
    };
    window.addEventListener('pointerdown', onPointerDown);
    return () => window.removeEventListener('pointerdown', onPointerDown);
  }, [isOpen]);

  const close = (): void => {
    setOpen(false);
    wrapper.current?.querySelector<HTMLElement>('button')?.focus();
  };
  const choose = (id: string): void => {
    close();
    onSelect(id);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 };
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      close();
    } else if (event.key in next) {
      event.preventDefault();
      items[((next[event.key] ?? 0) + items.length) % items.length]?.focus();
    }
  };

  return (
    <div ref={wrapper} className="tab-menu">
      <IconButton
        icon={ChevronDown}
        label={`All tabs (${tabs.length})`}
        aria-haspopup="menu"
        aria-expanded={isOpen}
        disabled={tabs.length === 0}
        onClick={() => setOpen(!isOpen)}
      />
      {isOpen && (
        <div ref={menu} className="tab-menu__list" role="menu" aria-label="All tabs" data-testid="tab-menu" onKeyDown={onKeyDown}>
          {tabs.map((tab) => (
            <button
              key={tab.id}
              type="button"
              role="menuitemradio"
              aria-checked={tab.id === activeId}
              tabIndex={-1}
              className={`tab-menu__item tab--${tab.state}`}
              onClick={() => choose(tab.id)}
            >
              <span className="tab__dot" aria-hidden="true" />
              <TabKind tab={tab} size={13} />
              <span className="tab__title">{tab.title}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
