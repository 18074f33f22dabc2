import type { ConnectionProfile, ConnectionProfileDraft, JumpHop, JumpRoute, ProfileId } from '../../shared/model';
import type { ImportedHost } from '../../shared/model/host-import';
import { formatDestination, parseDestination, parseJumpList } from './destination';

export interface HostForm {
  name: string;
  destination: string;
  /** A saved host reached first (its id), or '' for none. */
  jumpHost: string;
  /** Typed jump hosts, reached after jumpHost. */
  jump: string;
  /** A route with saved hosts past the first hop, which the two fields cannot show: kept as it is. */
  keptJump?: JumpHop[];
  identityFile: string;
  /** The sidebar's folder for it; empty: none. */
  group: string;
  /** Comma-separated words the search box finds it by. */
  tags: string;
  /** #rrggbb for its avatar; empty: one picked from its name. */
  color: string;
  /** NAME=value, one per line. */
  env: string;
  startupCommand: string;
  autoReconnect: boolean;
  recordSessions: boolean;
  /** With recordSessions: keystrokes too (off: output only). */
  recordInput: boolean;
}

export type HostFormErrors = Partial<Record<keyof HostForm, string>>;

export function emptyHostForm(destination = ''): HostForm {
  return {
    name: '',
    destination,
    jumpHost: '',
    jump: '',
    identityFile: '',
    group: '',
    tags: '',
    color: '',
    env: '',
    startupCommand: '',
    autoReconnect: false,
    recordSessions: false,
    recordInput: false,
  };
}

/**
 * "Save as host…" on a ~/.ssh/config entry: its alias as the name, where it goes as the file
 * resolves it, its jump hosts as typed (aliases resolve through the file as `ssh -J` would).
 */
export function hostFormOfConfig(host: ImportedHost): HostForm {
  return {
    ...emptyHostForm(formatDestination({ user: host.user, host: host.host, port: host.port })),
    name: host.key,
    jump: host.jump.join(','),
    identityFile: host.identityFiles[0] ?? '',
  };
}

export function hostFormOf(profile: ConnectionProfile): HostForm {
  return {
    name: profile.name,
    destination: formatDestination(profile),
    ...jumpFieldsOf(profile.jump),
    identityFile: profile.identityFiles[0] ?? '',
    group: profile.group ?? '',
    tags: profile.tags.join(', '),
    color: profile.color ?? '',
    env: Object.entries(profile.env)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
    startupCommand: profile.startupCommand ?? '',
    autoReconnect: profile.autoReconnect,
    recordSessions: profile.recordSessions,
    recordInput: profile.recordInput,
  };
}

/** The saved host a route starts from, and the typed hops after it. */
function jumpFieldsOf(jump: JumpRoute | undefined): Pick<HostForm, 'jumpHost' | 'jump' | 'keptJump'> {
  if (jump === undefined || typeof jump === 'string') return { jumpHost: '', jump: jump ?? '' };
  const [first, ...rest] = jump;
  if (rest.some((hop) => 'profileId' in hop)) return { jumpHost: '', jump: '', keptJump: jump };
  const typed = first !== undefined && 'profileId' in first ? rest : jump;
  return {
    jumpHost: first !== undefined && 'profileId' in first ? first.profileId : '',
    jump: typed
      .map((hop) => ('destination' in hop ? hop.destination : ''))
      .filter((hop) => hop !== '')
      .join(','),
  };
}

/** `NAME=value` lines (blank lines skipped) as a record, or which line is wrong. */
export function parseEnvLines(text: string): { ok: true; value: Record<string, string> } | { ok: false; message: string } {
  const value: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match === null) return { ok: false, message: `Line ${index + 1}: write NAME=value (letters, digits and _ in the name).` };
    value[match[1]!] = match[2]!;
  }
  return { ok: true, value };
}

/**
 * The draft `profiles.save` receives, or what is wrong with the form. Editing keeps what the
 * form does not show (options, agent forwarding, colour, other identity files).
 */
export function toDraft(form: HostForm, editing?: ConnectionProfile): { ok: true; draft: ConnectionProfileDraft } | { ok: false; errors: HostFormErrors } {
  const errors: HostFormErrors = {};
  const destination = parseDestination(form.destination);
  if (!destination.ok) errors.destination = destination.message;
  const jump = parseJumpList(form.jump);
  if (!jump.ok) errors.jump = jump.message;
  const env = parseEnvLines(form.env);
  if (!env.ok) errors.env = env.message;
  if (!destination.ok || !jump.ok || !env.ok) return { ok: false, errors };

  const { host, user, port } = destination.value;
  const identityFile = form.identityFile.trim();
  const draft: ConnectionProfileDraft = {
    ...(editing === undefined ? {} : withoutStamps(editing)),
    name: form.name.trim() === '' ? host : form.name.trim(),
    destination: host,
    user,
    port,
    jump: form.keptJump ?? routeOf(form.jumpHost, jump.value),
    identityFiles: identityFile === '' ? (editing?.identityFiles.slice(1) ?? []) : [identityFile, ...(editing?.identityFiles.slice(1) ?? [])],
    group: form.group.trim() === '' ? undefined : form.group.trim(),
    tags: parseTags(form.tags),
    color: form.color === '' ? undefined : form.color,
    env: env.value,
    startupCommand: form.startupCommand.trim() === '' ? undefined : form.startupCommand.trim(),
    autoReconnect: form.autoReconnect,
    recordSessions: form.recordSessions,
    recordInput: form.recordSessions && form.recordInput,
  };
  return { ok: true, draft };
}

/** "prod, db,  eu" as ["prod", "db", "eu"]: trimmed, once each, empty ones dropped. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()))].filter((tag) => tag !== '');
}

/** The saved host chosen first (if any), then the typed hops. */
function routeOf(jumpHost: string, typed: string | undefined): JumpRoute | undefined {
  if (jumpHost === '') return typed;
  return [{ profileId: jumpHost as ProfileId }, ...(typed?.split(',') ?? []).map((destination) => ({ destination }))];
}

function withoutStamps(profile: ConnectionProfile): ConnectionProfileDraft {
  const { createdAt: _created, updatedAt: _updated, lastUsedAt: _used, ...rest } = profile;
  return rest;
}

/**
 * Which form field a contract validation message is about ("Invalid input for profiles.save at
 * name: …"), so the error shows beside it; anything else is shown for the whole form.
 */
export function fieldOfError(message: string): keyof HostForm | undefined {
  const path = /\bat ([\w.]+):/.exec(message)?.[1]?.split('.')[0];
  switch (path) {
    case 'name':
      return 'name';
    case 'destination':
    case 'user':
    case 'port':
      return 'destination';
    case 'jump':
      return 'jump';
    case 'identityFiles':
      return 'identityFile';
    case 'env':
      return 'env';
    case 'group':
      return 'group';
    case 'tags':
      return 'tags';
    case 'startupCommand':
      return 'startupCommand';
    default:
      return undefined;
  }
}
