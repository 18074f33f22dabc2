import { FolderOpen, Pencil, Route, SquareTerminal, Trash2 } from 'lucide-react';
import { type KeyboardEvent, useRef, useState } from 'react';
import type { ConnectionProfile, ProfileId } from '../../../shared/model';
import { Button, IconButton, type IconButtonProps } from '../../ui/button';
import { formatDestination } from '../../connections/destination';

export interface HostListProps {
  profiles: readonly ConnectionProfile[];
  onOpen(profile: ConnectionProfile): void;
  onOpenFiles(profile: ConnectionProfile): void;
  onEdit(profile: ConnectionProfile): void;
  onRemove(profile: ConnectionProfile): void;
}

/**
 * Saved hosts as one tab stop: arrow keys, Home and End move between them (roving tabindex),
 * Enter opens a terminal, Shift+Enter its files, F2 edits, Delete removes, a letter jumps to the
 * next host starting with it.
 */
export function HostList({ profiles, onOpen, onOpenFiles, onEdit, onRemove }: HostListProps) {
  const [activeId, setActiveId] = useState<ProfileId | undefined>(undefined);
  const items = useRef(new Map<ProfileId, HTMLLIElement>());
  const activeIndex = Math.max(
    0,
    profiles.findIndex((profile) => profile.id === activeId),
  );

  const moveTo = (index: number): void => {
    const target = profiles[Math.min(profiles.length - 1, Math.max(0, index))];
    if (target === undefined) return;
    setActiveId(target.id);
    items.current.get(target.id)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent, profile: ConnectionProfile, index: number): void => {
    const actions: Record<string, () => void> = {
      ArrowDown: () => moveTo(index + 1),
      ArrowUp: () => moveTo(index - 1),
      Home: () => moveTo(0),
      End: () => moveTo(profiles.length - 1),
      Enter: () => (event.shiftKey ? onOpenFiles(profile) : onOpen(profile)),
      F2: () => onEdit(profile),
      Delete: () => onRemove(profile),
    };
    if (event.target !== event.currentTarget) return;
    if (isTypeahead(event)) {
      // Typing a letter jumps to the next host whose name starts with it, as in any list.
      const next = nextStartingWith(profiles, index, event.key);
      if (next >= 0) moveTo(next);
      return;
    }
    const action = actions[event.key];
    if (action === undefined) return;
    event.preventDefault();
    action();
  };

  return (
    <ul className="host-list" role="listbox" aria-label="Hosts">
      {profiles.map((profile, index) => (
        <li
          key={profile.id}
          ref={(element) => {
            if (element === null) items.current.delete(profile.id);
            else items.current.set(profile.id, element);
          }}
          role="option"
          aria-selected={profile.id === activeId}
          tabIndex={index === activeIndex ? 0 : -1}
          className="host"
          data-testid="host-item"
          onClick={() => setActiveId(profile.id)}
          onFocus={() => setActiveId(profile.id)}
          onDoubleClick={() => onOpen(profile)}
          onKeyDown={(event) => onKeyDown(event, profile, index)}
        >
          <span className="host__avatar" style={{ background: profile.color ?? avatarColor(profile.name) }} aria-hidden="true">
            {initial(profile.name)}
          </span>
          <span className="host__text">
            <span className="host__name">{profile.name}</span>
            <span className="host__destination mono">{formatDestination(profile)}</span>
          </span>
          {profile.jump !== undefined && profile.jump !== '' && (
            <span className="host__jump" title={`Through ${profile.jump}`}>
              <Route size={13} aria-label={`Through ${profile.jump}`} />
            </span>
          )}
          <span className="host__actions">
            <RowAction icon={SquareTerminal} label={`Connect to ${profile.name}`} title="Open a terminal (Enter)" onClick={() => onOpen(profile)} />
            <RowAction icon={FolderOpen} label={`Files on ${profile.name}`} title="Browse files (Shift+Enter)" onClick={() => onOpenFiles(profile)} />
            <Button variant="ghost" size="s" icon={Pencil} tabIndex={-1} aria-label={`Edit ${profile.name}`} onClick={() => onEdit(profile)} />
            <Button variant="ghost" size="s" icon={Trash2} tabIndex={-1} aria-label={`Remove ${profile.name}`} onClick={() => onRemove(profile)} />
          </span>
        </li>
      ))}
    </ul>
  );
}

function isTypeahead(event: KeyboardEvent): boolean {
  return event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey;
}

function nextStartingWith(profiles: readonly ConnectionProfile[], from: number, letter: string): number {
  const wanted = letter.toLocaleLowerCase();
  for (let step = 1; step <= profiles.length; step++) {
    const index = (from + step) % profiles.length;
    if (profiles[index]?.name.toLocaleLowerCase().startsWith(wanted)) return index;
  }
  return -1;
}

function initial(name: string): string {
  return (name.trim()[0] ?? '?').toUpperCase();
}

const PALETTE = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#a855f7', '#14b8a6', '#f97316'];

/** A stable colour per name, so a host keeps its colour between sessions without saving one. */
function avatarColor(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? '#6366f1';
}

/** A row's own button stays out of the tab order: the row takes the keys (Enter, Shift+Enter). */
function RowAction(props: IconButtonProps) {
  return <IconButton tabIndex={-1} {...props} />;
}
