import { type KeyboardEvent, type MouseEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConnectionProfile, ProfileId } from '../../../shared/model';
import type { ImportedHost } from '../../../shared/model/host-import';
import { VirtualList, type VirtualListHandle } from '../../ui/virtual-list';
import { ConfigHostItem, GroupItem, HostItem, type RowProps } from './host-row';
import { type HostRow, hostsBetween } from './host-rows';

export interface HostListProps {
  rows: readonly HostRow[];
  /** Hosts with a session open to them now. */
  connectedIds: ReadonlySet<string>;
  /** A terminal to each (one host, the selection, or a group). */
  onOpen(profiles: readonly ConnectionProfile[]): void;
  onOpenFiles(profile: ConnectionProfile): void;
  onEdit(profile: ConnectionProfile): void;
  onRemove(profile: ConnectionProfile): void;
  /** The Known hosts page, on the host's saved keys. */
  onToggleGroup(group: string): void;
  /** ~/.ssh/config's hosts: a terminal to each, by alias. */
  onOpenConfig(hosts: readonly ImportedHost[]): void;
  onOpenConfigFiles(host: ImportedHost): void;
  /** The host editor, filled in from the entry. */
  onSaveConfig(host: ImportedHost): void;
}

const HOST_HEIGHT = 46;
const GROUP_HEIGHT = 30;
const KEYS: { [K in HostRow['kind']]: (row: Extract<HostRow, { kind: K }>) => string } = {
  group: (row) => `group:${row.group}`,
  host: (row) => `host:${row.profile.id}`,
  'config-group': () => 'config-group',
  'config-host': (row) => `config:${row.host.key}`,
};
const keyOf = (row: HostRow): string => (KEYS[row.kind] as (row: HostRow) => string)(row);
const isHeading = (row: HostRow | undefined): boolean => row?.kind === 'group' || row?.kind === 'config-group';

/**
 * Saved hosts as a tree in one tab stop (roving tabindex), drawn a window at a time. Arrow keys,
 * Home and End move; Right and Left unfold and fold a group; Enter opens the host (or every
 * selected one, or the whole group); Shift+Enter its files; F2 edits; Delete removes; Space, Ctrl+
 * and Shift+click select several; a letter jumps to the next host starting with it.
 */
export function HostList(props: HostListProps) {
  const { rows, connectedIds, onOpen, onOpenFiles, onEdit, onRemove, onToggleGroup, onOpenConfig, onOpenConfigFiles, onSaveConfig } = props;
  const [activeKey, setActiveKey] = useState<string | undefined>(undefined);
  const [selected, setSelected] = useState<ReadonlySet<ProfileId>>(new Set());
  const anchor = useRef(0);
  const list = useRef<VirtualListHandle>(null);
  const element = useRef<HTMLDivElement>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const now = useMemo(() => new Date(), [rows]); // eslint-disable-line react-hooks/exhaustive-deps -- "last used" is as of the latest list
  const activeIndex = Math.max(
    0,
    rows.findIndex((row) => keyOf(row) === activeKey),
  );
  const heightOf = useCallback((index: number) => (isHeading(rows[index]) ? GROUP_HEIGHT : HOST_HEIGHT), [rows]);

  useEffect(() => {
    if (focusRequest === 0) return;
    element.current?.querySelector<HTMLElement>(`[data-row="${activeIndex}"]`)?.focus({ preventScroll: true });
  }, [focusRequest, activeIndex]);

  const moveTo = (index: number, extend = false): void => {
    const target = Math.min(rows.length - 1, Math.max(0, index));
    const row = rows[target];
    if (row === undefined) return;
    if (extend) setSelected(new Set(hostsBetween(rows, anchor.current, target).map((profile) => profile.id)));
    else anchor.current = target;
    setActiveKey(keyOf(row));
    list.current?.reveal(target);
    setFocusRequest((count) => count + 1);
  };

  const selectedOrThis = (profile: ConnectionProfile): ConnectionProfile[] => {
    if (!selected.has(profile.id) || selected.size < 2) return [profile];
    return rows.flatMap((row) => (row.kind === 'host' && selected.has(row.profile.id) ? [row.profile] : []));
  };

  const onKeyDown = (event: KeyboardEvent, row: HostRow, index: number): void => {
    if (event.target !== event.currentTarget) return;
    if (isTypeahead(event)) {
      const next = nextStartingWith(rows, index, event.key);
      if (next >= 0) moveTo(next);
      return;
    }
    const common: Record<string, () => void> = {
      ArrowDown: () => moveTo(index + 1, event.shiftKey),
      ArrowUp: () => moveTo(index - 1, event.shiftKey),
      Home: () => moveTo(0),
      End: () => moveTo(rows.length - 1),
    };
    const action = keysOf(row, event.shiftKey)[event.key] ?? common[event.key];
    if (action === undefined) return;
    event.preventDefault();
    action();
  };

  const keysOf = (row: HostRow, isShift: boolean): Record<string, () => void> => {
    const heading = (isCollapsed: boolean, group: string) => ({
      ' ': () => onToggleGroup(group),
      ArrowRight: () => isCollapsed && onToggleGroup(group),
      ArrowLeft: () => !isCollapsed && onToggleGroup(group),
    });
    switch (row.kind) {
      case 'group':
        return { ...heading(row.isCollapsed, row.group), Enter: () => onOpen(row.hosts) };
      case 'config-group':
        return { ...heading(row.isCollapsed, row.group), Enter: () => onOpenConfig(row.hosts) };
      case 'config-host':
        return {
          Enter: () => (isShift ? onOpenConfigFiles(row.host) : onOpenConfig([row.host])),
          ArrowLeft: () => moveTo(rows.findIndex((other) => other.kind === 'config-group')),
        };
      case 'host':
        return {
          Enter: () => (isShift ? onOpenFiles(row.profile) : onOpen(selectedOrThis(row.profile))),
          ' ': () => setSelected((current) => toggled(current, row.profile.id)),
          ArrowLeft: () => row.group !== undefined && moveTo(rows.findIndex((other) => other.kind === 'group' && other.group === row.group)),
          F2: () => onEdit(row.profile),
          Delete: () => onRemove(row.profile),
        };
    }
  };

  const onClick = (event: MouseEvent, row: HostRow, index: number): void => {
    setActiveKey(keyOf(row));
    if (row.kind !== 'host') return;
    const id = row.profile.id;
    if (event.shiftKey) {
      setSelected(new Set(hostsBetween(rows, anchor.current, index).map((profile) => profile.id)));
      return;
    }
    anchor.current = index;
    setSelected((current) => (event.ctrlKey || event.metaKey ? toggled(current, id) : new Set([id])));
  };

  const renderRow = (index: number, style: RowProps['style']) => {
    const row = rows[index];
    if (row === undefined) return null;
    const props: RowProps = {
      style,
      tabIndex: index === activeIndex ? 0 : -1,
      'aria-level': (row.kind === 'host' && row.group !== undefined) || row.kind === 'config-host' ? 2 : 1,
      'aria-posinset': index + 1,
      'aria-setsize': rows.length,
      onKeyDown: (event) => onKeyDown(event, row, index),
      onFocus: () => setActiveKey(keyOf(row)),
      'data-row': index,
    };
    if (row.kind === 'group' || row.kind === 'config-group') {
      const isConfig = row.kind === 'config-group';
      return (
        <GroupItem
          key={keyOf(row)}
          group={row.group}
          count={row.hosts.length}
          isCollapsed={row.isCollapsed}
          isConfig={isConfig}
          row={props}
          onToggle={() => onToggleGroup(row.group)}
          onOpenAll={() => (isConfig ? onOpenConfig(row.hosts) : onOpen(row.hosts))}
        />
      );
    }
    if (row.kind === 'config-host') {
      const { host } = row;
      return (
        <ConfigHostItem
          key={keyOf(row)}
          host={host}
          row={{ ...props, onClick: (event) => onClick(event, row, index), onDoubleClick: () => onOpenConfig([host]) }}
          onOpen={() => onOpenConfig([host])}
          onOpenFiles={() => onOpenConfigFiles(host)}
          onSave={() => onSaveConfig(host)}
        />
      );
    }
    const { profile } = row;
    return (
      <HostItem
        key={keyOf(row)}
        profile={profile}
        row={{ ...props, onClick: (event) => onClick(event, row, index), onDoubleClick: () => onOpen([profile]) }}
        isSelected={selected.has(profile.id)}
        isConnected={connectedIds.has(profile.id)}
        now={now}
        onOpen={() => onOpen([profile])}
        onOpenFiles={() => onOpenFiles(profile)}
        onEdit={() => onEdit(profile)}
        onRemove={() => onRemove(profile)}
      />
    );
  };

  return (
    <div ref={element} className="host-list-frame">
      <VirtualList
        ref={list}
        className="host-list"
        role="tree"
        aria-label="Hosts"
        aria-multiselectable="true"
        count={rows.length}
        heightOf={heightOf}
        pinnedIndex={activeIndex}
        renderRow={renderRow}
      />
    </div>
  );
}

function toggled(current: ReadonlySet<ProfileId>, id: ProfileId): ReadonlySet<ProfileId> {
  const next = new Set(current);
  if (!next.delete(id)) next.add(id);
  return next;
}

function isTypeahead(event: KeyboardEvent): boolean {
  return event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey;
}

function nextStartingWith(rows: readonly HostRow[], from: number, letter: string): number {
  const wanted = letter.toLocaleLowerCase();
  for (let step = 1; step <= rows.length; step++) {
    const index = (from + step) % rows.length;
    const row = rows[index];
    const name = row?.kind === 'host' ? row.profile.name : row?.kind === 'config-host' ? row.host.key : '';
    if (name.toLocaleLowerCase().startsWith(wanted)) return index;
  }
  return -1;
}
