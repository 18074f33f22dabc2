import type { ConnectionProfile, ConnectionProfileDraft } from '../../shared/model/profile';
import type { TunnelProfile } from '../../shared/model/tunnel-profile';
import { type TrustSetting, trustChangesOfProfile, trustChangesOfTunnel } from '../ssh/trust-moving-options';
import { requireConfirmation, type TrustedConfirmer } from '../prompts/trusted-confirmer';

function describe(changes: TrustSetting[]): string {
  return changes.map((change) => `${change.name} ${change.value}\n   ${change.effect}`).join('\n');
}

/**
 * Saves that would run code on this computer or move trust (see trust-moving-options) go ahead
 * only once the person confirmed them through main; anything else is saved as it comes.
 */
export class TrustGate {
  constructor(private readonly confirmer: TrustedConfirmer) {}

  async checkProfileSave(draft: ConnectionProfileDraft, saved: ConnectionProfile | undefined): Promise<void> {
    const changes = trustChangesOfProfile(draft, saved);
    if (changes.length === 0) return;
    await requireConfirmation(this.confirmer, {
      message: `Save the connection “${draft.name}” with settings that run code on this computer or change whom it trusts?`,
      detail: describe(changes),
      confirmLabel: 'Save',
      instead: 'Put such settings in a Host block of ~/.ssh/config and use that host name as the destination.',
    });
  }

  async checkTunnelSave(tunnel: TunnelProfile, saved: TunnelProfile | undefined): Promise<void> {
    const changes = trustChangesOfTunnel(tunnel.connection, saved?.connection);
    if (changes.length === 0) return;
    await requireConfirmation(this.confirmer, {
      message: `Save the tunnel “${tunnel.name}” with settings that run code on this computer or change whom it trusts?`,
      detail: describe(changes),
      confirmLabel: 'Save',
      instead: 'Put such settings in a Host block of ~/.ssh/config and use that host name, or save the tunnel with "jumpgate tunnel add".',
    });
  }
}
