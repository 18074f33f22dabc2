import type { ConnectionProfile, ConnectionProfileDraft } from '../../shared/model/profile';
import type { ConnectionSpec } from '../../shared/model/connection-spec';
import type { TunnelProfile } from '../../shared/model/tunnel-profile';
import { requireConfirmation, type TrustedConfirmer } from '../prompts/trusted-confirmer';
import { type TrustSetting, trustChangesOfProfile, trustChangesOfTunnel } from '../ssh/config/trust-moving-options';

const IN_SSH_CONFIG = 'Put such settings in a Host block of ~/.ssh/config and use that host name as the destination';

/**
 * Saves that would run code on this computer or move trust (see trust-moving-options) go ahead
 * only once the person confirmed them through main; anything else is saved as it comes.
 */
export class TrustGate {
  constructor(private readonly confirmer: TrustedConfirmer) {}

  checkProfileSave(draft: ConnectionProfileDraft, saved: ConnectionProfile | undefined): Promise<void> {
    return this.confirm(`the connection “${draft.name}”`, trustChangesOfProfile(draft, saved), `${IN_SSH_CONFIG}.`);
  }

  checkTunnelSave(tunnel: TunnelProfile, saved: TunnelProfile | undefined): Promise<void> {
    return this.confirm(
      `the tunnel “${tunnel.name}”`,
      trustChangesOfTunnel(specOf(tunnel), saved && specOf(saved)),
      `${IN_SSH_CONFIG}, or save the tunnel with "jumpgate tunnel add".`,
    );
  }

  private async confirm(subject: string, changes: TrustSetting[], instead: string): Promise<void> {
    if (changes.length === 0) return;
    await requireConfirmation(this.confirmer, {
      message: `Save ${subject} with settings that run code on this computer or change whom it trusts?`,
      detail: changes.map((change) => `${change.name} ${change.value}\n   ${change.effect}`).join('\n'),
      confirmLabel: 'Save',
      instead,
    });
  }
}

/** A tunnel that names a saved host moves no trust: the host's settings were checked when it was saved. */
function specOf(tunnel: TunnelProfile): Pick<ConnectionSpec, 'options' | 'configFile'> {
  return 'spec' in tunnel.connection ? tunnel.connection.spec : { options: {} };
}
