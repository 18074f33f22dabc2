import { KeyRound } from 'lucide-react';
import { KeysPage } from '../keys/keys-page';
import type { PageDefinition } from './pages';

/**
 * The organiser's pages, in the order the sidebar lists them. A page is listed only once it
 * works: add its definition here with its component.
 */
export const PAGES: readonly PageDefinition[] = [{ id: 'keys', title: 'Keys', icon: KeyRound, component: KeysPage }];

export function pageById(id: string): PageDefinition | undefined {
  return PAGES.find((page) => page.id === id);
}
