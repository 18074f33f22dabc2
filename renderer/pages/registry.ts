import { KeyRound, KeySquare, ShieldCheck, Vault, Waypoints } from 'lucide-react';
import { KeysPage } from '../keys/keys-page';
import { AgentPage } from '../trust/agent-page';
import { KnownHostsPage } from '../trust/known-hosts-page';
import { VaultPage } from '../trust/vault-page';
import { TunnelsPage } from '../tunnels/tunnels-page';
import type { PageDefinition } from './pages';

/**
 * The organiser's pages, in the order the sidebar lists them. A page is listed only once it
 * works: add its definition here with its component.
 */
export const PAGES: readonly PageDefinition[] = [
  { id: 'tunnels', title: 'Tunnels', icon: Waypoints, component: TunnelsPage },
  { id: 'keys', title: 'Keys', icon: KeyRound, component: KeysPage },
  { id: 'known-hosts', title: 'Known hosts', icon: ShieldCheck, component: KnownHostsPage },
  { id: 'agent', title: 'Agent', icon: KeySquare, component: AgentPage },
  { id: 'vault', title: 'Vault', icon: Vault, component: VaultPage },
];

export function pageById(id: string): PageDefinition | undefined {
  return PAGES.find((page) => page.id === id);
}
