import { Waypoints } from 'lucide-react';
import { TunnelsPage } from '../tunnels/tunnels-page';
import type { PageDefinition } from './pages';

/**
 * The organiser's pages, in the order the sidebar lists them. A page is listed only once it
 * works: add its definition here with its component.
 */
export const PAGES: readonly PageDefinition[] = [{ id: 'tunnels', title: 'Tunnels', icon: Waypoints, component: TunnelsPage }];

export function pageById(id: string): PageDefinition | undefined {
  return PAGES.find((page) => page.id === id);
}
