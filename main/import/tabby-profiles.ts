import { parse } from 'yaml';
import { cleanHost, cleanName, cleanPort, cleanUser, ScanBuilder, type SourceScan } from './imported-host';

type Yaml = Record<string, unknown>;

/**
 * Tabby's config.yaml: the `profiles` of type ssh (options.host, port, user, privateKeys,
 * jumpHost — the id of another profile) and the `groups` they sit in. Tabby keeps passwords in
 * the system keychain; a password written in the file (older versions) is never shown or saved in
 * clear: the import can put it in the vault.
 */
export function parseTabbyConfig(text: string): SourceScan {
  const scan = new ScanBuilder();
  let config: unknown;
  try {
    // No aliases: a YAML bomb of anchors stays small.
    config = parse(text, { maxAliasCount: 0, prettyErrors: false });
  } catch (error) {
    scan.skip('config.yaml', `it is not YAML Jumpgate can read (${cleanName(error instanceof Error ? error.message.split('\n')[0]! : String(error))}).`);
    return scan.build();
  }
  const root = asObject(config);
  const groups = new Map<string, string>();
  for (const group of asArray(root?.groups)) {
    const entry = asObject(group);
    if (typeof entry?.id === 'string' && typeof entry.name === 'string') groups.set(entry.id, cleanName(entry.name));
  }
  for (const item of asArray(root?.profiles)) {
    if (scan.isFull()) break;
    const profile = asObject(item);
    if (!profile) continue;
    const label = cleanName(String(profile.name ?? '')) || '(no name)';
    if (profile.type !== 'ssh') {
      scan.skip(label, `it is a ${cleanName(String(profile.type ?? 'unknown'), 40)} profile; only SSH profiles are imported.`);
      continue;
    }
    const options = asObject(profile.options) ?? {};
    const host = cleanHost(typeof options.host === 'string' ? options.host : undefined);
    const key = typeof profile.id === 'string' && profile.id !== '' ? profile.id : label;
    if (!host) {
      scan.skip(label, 'it has no host name.');
      continue;
    }
    const group = typeof profile.group === 'string' ? (groups.get(profile.group) ?? (cleanName(profile.group) || undefined)) : undefined;
    const identityFiles = asArray(options.privateKeys)
      .filter((file): file is string => typeof file === 'string' && file !== '')
      .map(keyPath)
      .slice(0, 16);
    const jump = typeof options.jumpHost === 'string' && options.jumpHost !== '' ? [options.jumpHost] : [];
    scan.add({
      key,
      name: label,
      host,
      port: cleanPort(options.port),
      user: cleanUser(typeof options.user === 'string' ? options.user : undefined),
      group,
      identityFiles,
      jump,
      hasPassword: typeof options.password === 'string' && options.password !== '',
    });
    if (typeof options.password === 'string' && options.password !== '') scan.password(key, options.password);
  }
  return scan.build();
}

/** Newer Tabby versions write key files as file:// URLs. */
function keyPath(text: string): string {
  if (!text.startsWith('file://')) return text;
  try {
    return decodeURIComponent(new URL(text).pathname);
  } catch {
    return text;
  }
}

function asObject(value: unknown): Yaml | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Yaml) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
