import type { ImportedHost } from '../../../shared/model/host-import';

/** A ~/.ssh/config entry as `hosts.configHosts` lists it: `key` at `key.internal`, unless `extra` says otherwise. */
export function configHost(key: string, extra: Partial<ImportedHost> = {}): ImportedHost {
  return { key, name: key, host: `${key}.internal`, identityFiles: [], jump: [], hasPassword: false, isJumpOnly: false, warnings: [], ...extra };
}
