import { FolderOpen } from 'lucide-react';
import { pageById } from '../../pages/registry';
import { PAGE_TAB_PREFIX } from '../../pages/pages';
import type { TabDescriptor } from '../hooks/tabs-model';

/** The icon before a tab's title: none for a terminal, a folder for files, the page's own for a page. */
export function TabKind({ tab, size }: { tab: TabDescriptor; size: number }) {
  if (tab.kind === 'files') return <FolderOpen size={size} className="tab__kind" aria-label="Files" />;
  if (tab.kind !== 'page') return null;
  const page = pageById(tab.id.slice(PAGE_TAB_PREFIX.length));
  if (page === undefined) return null;
  const Icon = page.icon;
  return <Icon size={size} className="tab__kind" aria-hidden="true" />;
}
