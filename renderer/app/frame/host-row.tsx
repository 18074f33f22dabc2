import { BookmarkPlus, ChevronRight, FileCog, FolderOpen, Pencil, Play, Route, SquareTerminal, Trash2 } from 'lucide-react';
import type { CSSProperties, HTMLAttributes } from 'react';
import type { ConnectionProfile } from '../../../shared/model';
import type { ImportedHost } from '../../../shared/model/host-import';
import { Button, IconButton, type IconButtonProps } from '../../ui/button';
import { formatDestination } from '../../connections/destination';
import { configAddress, formatLastUsed } from './host-rows';

/** What every row of the tree takes from the list: its place, focus and keys. */
export type RowProps = HTMLAttributes<HTMLDivElement> & {
  style: CSSProperties;
  tabIndex: number;
  'aria-level': number;
  /** The row's index, to find it again when the keyboard moves to it. */
  'data-row': number;
};

export interface HostItemProps {
  profile: ConnectionProfile;
  row: RowProps;
  isSelected: boolean;
  isConnected: boolean;
  now: Date;
  onOpen(): void;
  onOpenFiles(): void;
  onEdit(): void;
  onRemove(): void;
  /** Opens the Known hosts page on this host's saved keys. */
}

/** A saved host: avatar (with a dot while a session to it is open), name, address and tags, last use, and its actions on hover. */
export function HostItem({ profile, row, isSelected, isConnected, now, onOpen, onOpenFiles, onEdit, onRemove }: HostItemProps) {
  const lastUsed = formatLastUsed(profile.lastUsedAt, now);
  return (
    <div {...row} role="treeitem" aria-selected={isSelected} className={`host ${row['aria-level'] > 1 ? 'host--in-group' : ''}`} data-testid="host-item">
      <span className="host__avatar" style={{ background: profile.color ?? avatarColor(profile.name) }} aria-hidden="true">
        {initial(profile.name)}
        {isConnected && <span className="host__connected" data-testid="host-connected" title="Connected now" />}
      </span>
      <span className="host__text">
        <span className="host__title">
          <span className="host__name">{profile.name}</span>
          {profile.tags.slice(0, 2).map((tag) => (
            <span key={tag} className="host__tag">
              {tag}
            </span>
          ))}
          {profile.tags.length > 2 && <span className="host__tag" title={profile.tags.slice(2).join(', ')}>{`+${profile.tags.length - 2}`}</span>}
        </span>
        <span className="host__destination mono">{formatDestination(profile)}</span>
      </span>
      {isConnected && <span className="visually-hidden">, connected</span>}
      {profile.lastUsedAt !== undefined && (
        <span className="host__used" title={new Date(profile.lastUsedAt).toLocaleString()}>
          <span className="visually-hidden">, used </span>
          {lastUsed.replace(/^used /, '')}
        </span>
      )}
      {profile.jump !== undefined && profile.jump.length > 0 && (
        <span className="host__jump" title={jumpTitle(profile.jump)}>
          <Route size={13} aria-label={jumpTitle(profile.jump)} />
        </span>
      )}
      <span className="host__actions">
        <RowAction icon={SquareTerminal} label={`Connect to ${profile.name}`} title="Open a terminal (Enter)" onClick={onOpen} />
        <RowAction icon={FolderOpen} label={`Files on ${profile.name}`} title="Browse files (Shift+Enter)" onClick={onOpenFiles} />
        <Button variant="ghost" size="s" icon={Pencil} tabIndex={-1} aria-label={`Edit ${profile.name}`} onClick={onEdit} />
        <Button variant="ghost" size="s" icon={Trash2} tabIndex={-1} aria-label={`Remove ${profile.name}`} onClick={onRemove} />
      </span>
    </div>
  );
}

export interface ConfigHostItemProps {
  host: ImportedHost;
  row: RowProps;
  onOpen(): void;
  onOpenFiles(): void;
  /** Opens the host editor with its settings filled in. */
  onSave(): void;
}

/** A host of ~/.ssh/config: its alias and where it goes; read-only (the file is the place to change it). */
export function ConfigHostItem({ host, row, onOpen, onOpenFiles, onSave }: ConfigHostItemProps) {
  const through = host.jump.join(', ');
  return (
    <div {...row} role="treeitem" aria-selected={false} className="host host--in-group host--config" data-testid="config-host-item">
      <span className="host__avatar host__avatar--config" aria-hidden="true">
        <FileCog size={14} />
      </span>
      <span className="host__text">
        <span className="host__title">
          <span className="host__name mono">{host.key}</span>
        </span>
        <span className="host__destination mono">{configAddress(host)}</span>
      </span>
      {through !== '' && (
        <span className="host__jump" title={`Through ${through}`}>
          <Route size={13} aria-label={`Through ${through}`} />
        </span>
      )}
      <span className="host__actions">
        <RowAction icon={SquareTerminal} label={`Connect to ${host.key}`} title="Open a terminal (Enter)" onClick={onOpen} />
        <RowAction icon={FolderOpen} label={`Files on ${host.key}`} title="Browse files (Shift+Enter)" onClick={onOpenFiles} />
        <RowAction icon={BookmarkPlus} label={`Save ${host.key} as host`} title="Save as host…" onClick={onSave} />
      </span>
    </div>
  );
}

export interface GroupItemProps {
  group: string;
  count: number;
  isCollapsed: boolean;
  row: RowProps;
  onToggle(): void;
  onOpenAll(): void;
}

/** A group's heading: folds its hosts away, and opens them all. */
export function GroupItem({ group, count, isCollapsed, row, onToggle, onOpenAll, isConfig = false }: GroupItemProps & { isConfig?: boolean }) {
  return (
    <div
      {...row}
      role="treeitem"
      aria-expanded={!isCollapsed}
      aria-selected={false}
      className={`host-group ${isConfig ? 'host-group--config' : ''}`}
      data-testid={isConfig ? 'config-group' : 'host-group'}
      title={isConfig ? 'The hosts of your SSH configuration file: change them there' : undefined}
      onClick={onToggle}
    >
      <ChevronRight size={14} className="host-group__chevron" aria-hidden="true" />
      <span className="host-group__name">{group}</span>
      <span className="host-group__count">{count}</span>
      <RowAction
        icon={Play}
        label={`Open all ${count} in ${group}`}
        title="Open a terminal to every host of the group (Enter)"
        className="host-group__open"
        onClick={(event) => {
          event.stopPropagation();
          onOpenAll();
        }}
      />
    </div>
  );
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

/** The route in words: a route of saved hosts names them by id only, so it is counted, with its typed hops as written. */
function jumpTitle(jump: NonNullable<ConnectionProfile['jump']>): string {
  if (typeof jump === 'string') return `Through ${jump}`;
  if (jump.every((hop) => 'profileId' in hop)) return `Through ${jump.length === 1 ? 'a saved jump host' : `${jump.length} saved jump hosts`}`;
  return `Through ${jump.map((hop) => ('destination' in hop ? hop.destination : 'a saved host')).join(', ')}`;
}
