import type { JumpHop } from '../../shared/model/connection-spec';
import type { ConnectionProfile, ConnectionProfileDraft } from '../../shared/model/profile';
import type { ImportAction, ImportedHost, ImportPreview, ImportScan, ImportSourceKind } from '../../shared/model/host-import';

/**
 * One entry to save: the draft (with the id of the saved host it updates) and what the preview
 * says of it. `hops` are the planned entries of its own jump hosts: saving sets the draft's jump to
 * their saved ids, which a host still to be created has only once it is saved.
 */
export interface PlannedHost {
  entry: ImportedHost;
  action: ImportAction;
  draft?: ConnectionProfileDraft;
  hops: PlannedHost[];
}

const MAX_HOPS = 16;

/**
 * What importing `keys` from `scan` does: each chosen entry, and each jump host it goes through,
 * becomes a saved host — created, or updated when one came from the same entry before (its
 * `source`). Jump hosts come before the hosts reached through them.
 */
export function planImport(kind: ImportSourceKind, scan: ImportScan, keys: readonly string[], saved: readonly ConnectionProfile[]): PlannedHost[] {
  const byKey = new Map(scan.hosts.map((host) => [host.key, host]));
  const planned = new Map<string, PlannedHost>();
  const visit = (key: string, path: string[]): PlannedHost | undefined => {
    const entry = byKey.get(key);
    if (!entry) return undefined;
    const done = planned.get(key);
    if (done) return done;
    let problem: string | undefined;
    if (path.includes(key)) problem = `its jump hosts go round in a circle (${[...path, key].join(' → ')}).`;
    const hops: PlannedHost[] = [];
    for (const jumpKey of problem ? [] : entry.jump) {
      const hop = visit(jumpKey, [...path, key]);
      if (!hop) problem = `its jump host “${jumpKey}” is not in the file.`;
      else if (hop.action.action === 'skip') problem = `its jump host “${hop.entry.name}” cannot be imported: ${hop.action.reason}`;
      if (problem) break;
      hops.push(hop!);
    }
    const chain = problem ? undefined : jumpChain(entry, byKey);
    if (chain && chain.length > MAX_HOPS) problem = `it goes through more than ${MAX_HOPS} jump hosts.`;
    const result = problem || !chain ? skipped(entry, problem!) : plannedFor(kind, entry, { chain, hops }, saved);
    planned.set(key, result);
    return result;
  };
  const missing: PlannedHost[] = [];
  for (const key of keys) {
    if (!visit(key, [])) {
      const entry: ImportedHost = { key, name: key, host: '-', identityFiles: [], jump: [], hasPassword: false, isJumpOnly: false, warnings: [] };
      missing.push(skipped(entry, 'it is not in the file (it may have been removed since the preview).'));
    }
  }
  return [...planned.values(), ...missing];
}

export function previewOf(plan: PlannedHost[], scan: ImportScan): ImportPreview {
  return { actions: plan.map((host) => host.action), skipped: scan.skipped };
}

/**
 * The hosts `entry` is reached through, in connection order, as OpenSSH reads `ProxyJump a,b`
 * (a's own jump hosts come before a; b's own do not count) — as resolveTarget follows a route of
 * saved hosts. The saved host keeps only its own jump hosts; this is for the summary and the bound.
 */
export function jumpChain(entry: ImportedHost, byKey: ReadonlyMap<string, ImportedHost>): ImportedHost[] {
  const hops: ImportedHost[] = [];
  const firstChain = (key: string, depth: number) => {
    const hop = byKey.get(key);
    if (!hop || depth > MAX_HOPS) return;
    if (hop.jump[0] !== undefined) firstChain(hop.jump[0], depth + 1);
    for (const later of hop.jump.slice(1)) if (byKey.has(later)) hops.push(byKey.get(later)!);
    hops.push(hop);
  };
  if (entry.jump[0] !== undefined) firstChain(entry.jump[0], 0);
  for (const later of entry.jump.slice(1)) if (byKey.has(later)) hops.push(byKey.get(later)!);
  return hops;
}

/** `user@host:port`, IPv6 in brackets, as -J and ProxyJump take it. */
export function destinationText(host: { host: string; port?: number; user?: string }): string {
  const name = host.host.includes(':') ? `[${host.host}]` : host.host;
  return `${host.user ? `${host.user}@` : ''}${name}${host.port ? `:${host.port}` : ''}`;
}

/** The saved jump hops of a planned host: known once each hop is saved (or already was). */
export function jumpRoute(hops: readonly PlannedHost[]): JumpHop[] | undefined {
  if (hops.length === 0) return undefined;
  return hops.map((hop) => {
    if (hop.action.profileId === undefined) throw new Error(`jump host ${hop.entry.key} is not saved yet`);
    return { profileId: hop.action.profileId };
  });
}

function plannedFor(
  kind: ImportSourceKind,
  entry: ImportedHost,
  { chain, hops }: { chain: ImportedHost[]; hops: PlannedHost[] },
  saved: readonly ConnectionProfile[],
): PlannedHost {
  const existing = saved.find((profile) => profile.source?.kind === kind && profile.source.key === entry.key);
  // A jump host still to be created has no id yet: the host cannot be unchanged then.
  const isRouteKnown = hops.every((hop) => hop.action.profileId !== undefined);
  const imported = {
    destination: entry.host,
    port: entry.port,
    user: entry.user,
    identityFiles: entry.identityFiles,
    jump: isRouteKnown ? jumpRoute(hops) : undefined,
    group: entry.group ?? existing?.group,
    source: { kind, key: entry.key },
  };
  const isSame =
    existing !== undefined && isRouteKnown && (Object.keys(imported) as (keyof typeof imported)[]).every((field) => same(existing[field], imported[field]));
  const draft: ConnectionProfileDraft = existing ? { ...existing, ...imported } : { name: entry.name, ...imported };
  const summary = `${destinationText(entry)}${chain.length > 0 ? ` via ${chain.map((hop) => hop.name).join(', ')}` : ''}`;
  const warnings = [...entry.warnings];
  if (entry.hasPassword)
    warnings.push('A password is stored for it in the other client; it is not copied in clear. Choose to keep it in the vault, or type it when asked.');
  return {
    entry,
    draft: isSame ? undefined : draft,
    hops,
    action: {
      key: entry.key,
      name: existing?.name ?? entry.name,
      action: existing ? (isSame ? 'unchanged' : 'update') : 'create',
      profileId: existing?.id,
      summary,
      via: hops.map((hop) => hop.entry.key),
      hasPassword: entry.hasPassword,
      warnings,
    },
  };
}

function skipped(entry: ImportedHost, reason: string): PlannedHost {
  return {
    entry,
    hops: [],
    action: {
      key: entry.key,
      name: entry.name,
      action: 'skip',
      reason,
      summary: destinationText(entry),
      via: [],
      hasPassword: entry.hasPassword,
      warnings: entry.warnings,
    },
  };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
