import type { LucideIcon } from 'lucide-react';
import type { ComponentType } from 'react';
import type { ErrorHint } from '../../shared/errors';
import type { ConnectionProfile } from '../../shared/model';

/**
 * A page of the organiser (keys, known hosts, the vault…): it opens as a tab of its own beside
 * terminals and files, at most once, from the sidebar's Manage list.
 */
export interface PageDefinition {
  /** Stable: the tab of a page is `page:<id>`, and e2e tests find its link by title. */
  id: string;
  title: string;
  icon: LucideIcon;
  component: ComponentType<PageProps>;
}

/** What the frame gives every page. */
export interface PageProps {
  isVisible: boolean;
  /** The saved hosts, as the sidebar shows them (undefined while loading). */
  profiles: readonly ConnectionProfile[] | undefined;
  /** Asks main for the saved hosts again (after a page changed one). */
  reloadProfiles(): void;
  /** Opens the host editor on a saved host. */
  onEditHost(profile: ConnectionProfile): void;
  /** Opens another page (a host's known-hosts entry from the keys page, say). */
  onOpenPage(id: string, focus?: string): void;
  /** What another page asked this one to show first (a host name to search for, say). */
  focus: string | undefined;
  /** Counts the requests to open this page (with a focus or without), so the same one asked again is shown again. */
  focusRequest?: number;
  onError(message: string, code?: string, hint?: ErrorHint): void;
  onNotice(text: string, level?: 'info' | 'warning'): void;
}

export const PAGE_TAB_PREFIX = 'page:';

export function pageTabId(id: string): string {
  return `${PAGE_TAB_PREFIX}${id}`;
}
