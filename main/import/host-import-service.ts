import { Emitter, type Event } from '../../shared/base/event';
import { AppError } from '../../shared/errors';
import type { ImportPreview, ImportRequest, ImportScan } from '../../shared/model/host-import';
import type { ConnectionProfile, ProfileId } from '../../shared/model/profile';
import type { ProfileStore } from '../storage/profile-store';
import type { Vault } from '../storage/vault';
import { passwordSecretName } from '../prompts/vault-prompts';
import { resolveTarget } from '../ssh/config/connect-target';
import { hopLabel } from '../../shared/model/host-spec';
import { hostBlock } from './export-host';
import { jumpRoute, planImport, previewOf } from './import-plan';
import type { SourceScan } from './imported-host';
import { parseMobaxterm } from './mobaxterm-sessions';
import { parsePuttyReg } from './putty-sessions';
import { ConfigWatcher } from './config-watcher';
import { type ConfigHostsOptions, configFiles, scanConfigHosts } from './ssh-config-hosts';
import { parseTabbyConfig } from './tabby-profiles';

const PARSERS = { putty: parsePuttyReg, mobaxterm: parseMobaxterm, tabby: parseTabbyConfig } as const;

/** What each kind of file must hold to be one, and what to say of a file that does not. */
const SIGNS = {
  putty: {
    sign: /^\[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions/im,
    refusal: 'That file holds no PuTTY sessions. Choose a registry export of PuTTY’s sessions (a .reg file).',
  },
  mobaxterm: { sign: /^\s*\[Bookmarks(_\d+)?\]\s*$/im, refusal: 'That file holds no MobaXterm sessions. Choose a .mxtsessions export or MobaXterm.ini.' },
  tabby: { sign: /^profiles\s*:/m, refusal: 'That file holds no Tabby profiles. Choose Tabby’s config.yaml.' },
} as const;

export interface HostImportDeps extends ConfigHostsOptions {
  profiles: ProfileStore;
  vault: Vault;
}

/** Saved hosts from ~/.ssh/config and from other clients' files, and a saved host as a Host block. */
export class HostImportService {
  private readonly configChanged = new Emitter<void>();
  /** ~/.ssh/config or a file it includes changed, once it has been listed. */
  readonly onDidChangeConfig: Event<void> = this.configChanged.event;
  private watcher: ConfigWatcher | undefined;

  constructor(private readonly deps: HostImportDeps & { debounceMs?: number }) {}

  /** The concrete hosts of ~/.ssh/config, resolved; from then on its changes are reported. */
  async configHosts(): Promise<ImportScan> {
    const { hosts, skipped } = await scanConfigHosts(this.deps);
    if (!this.watcher) {
      this.watcher = new ConfigWatcher({ files: () => configFiles(this.deps), onChange: () => this.configChanged.fire(), debounceMs: this.deps.debounceMs });
      await this.watcher.start();
    }
    return { hosts, skipped };
  }

  dispose(): void {
    this.watcher?.dispose();
    this.configChanged.dispose();
  }

  /** What importing `keys` (default: every entry but those only used as jump hosts) would do. */
  async preview(request: ImportRequest, chosen?: readonly string[]): Promise<ImportPreview> {
    const scan = await this.scan(request);
    const keys = chosen ?? scan.hosts.filter((host) => !host.isJumpOnly).map((host) => host.key);
    return previewOf(planImport(request.source, scan, keys, this.deps.profiles.list()), scan);
  }

  /**
   * Saves the chosen entries (and the jump hosts they go through). With `savePasswords`, a password
   * the other client stored goes into the vault, which must then be unlocked; nothing is saved otherwise.
   */
  async import(
    request: ImportRequest & { keys: string[]; savePasswords?: boolean },
  ): Promise<{ actions: ImportPreview['actions']; profiles: ConnectionProfile[] }> {
    const scan = await this.scan(request);
    const plan = planImport(request.source, scan, request.keys, this.deps.profiles.list());
    const withPassword = request.savePasswords === true ? plan.filter((host) => host.draft && scan.passwords.has(host.entry.key)) : [];
    if (withPassword.length > 0 && this.deps.vault.status().state !== 'unlocked') {
      throw new AppError('VAULT_LOCKED', 'Unlock the vault to keep the imported passwords in it, or import without them.', { hint: { kind: 'unlock-vault' } });
    }
    const profiles: ConnectionProfile[] = [];
    for (const host of plan) {
      if (!host.draft) continue;
      // Its jump hosts came earlier in the plan, so each has its saved id by now.
      const profile = this.deps.profiles.save({ ...host.draft, jump: jumpRoute(host.hops) });
      host.action.profileId = profile.id;
      profiles.push(profile);
      const password = withPassword.includes(host) ? scan.passwords.get(host.entry.key) : undefined;
      if (password !== undefined) this.deps.vault.setSecret(passwordSecretName(await this.hopOf(profile)), password);
    }
    return { actions: plan.map((host) => host.action), profiles };
  }

  /**
   * How a password question will name the host's own hop (`user@host:port`, resolved as a
   * connection would), so that the password kept for it is the one the question finds.
   */
  private async hopOf(profile: ConnectionProfile): Promise<string> {
    const hops = await resolveTarget(
      { profileId: profile.id },
      { findProfile: (id) => this.deps.profiles.get(id as ProfileId), env: this.deps.env ?? process.env },
    );
    return hopLabel(hops.at(-1)!);
  }

  export(id: ProfileId): { text: string } {
    const profile = this.deps.profiles.get(id);
    if (!profile) throw new AppError('PROFILE_NOT_FOUND', 'That saved connection no longer exists.', { details: { id } });
    return { text: hostBlock(profile, (id) => this.deps.profiles.get(id as never)) };
  }

  private async scan(request: ImportRequest): Promise<SourceScan> {
    if (request.source === 'ssh-config') return scanConfigHosts(this.deps);
    if (request.text === undefined) throw new AppError('INVALID_ARGUMENT', 'Choose the file to import hosts from.');
    const { sign, refusal } = SIGNS[request.source];
    if (!sign.test(request.text)) throw new AppError('INVALID_ARGUMENT', refusal, { details: { source: request.source } });
    return PARSERS[request.source](request.text);
  }
}
