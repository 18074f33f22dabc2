import type { ConnectionSpec } from '../../shared/model/connection-spec';
import type { ForwardKind, ForwardSpec } from '../../shared/model/forward-spec';
import type { KeepaliveMode, TunnelProfile } from '../../shared/model/tunnel-profile';
import { parseDestination } from './destination';

/** A forward's kind as the editor offers it: OpenSSH's three, and -R without a target (a SOCKS proxy on the server). */
export type RowKind = ForwardKind | 'remote-socks';

export interface ForwardRow {
  /** Stable across edits, for React and for the port checks. */
  key: string;
  kind: RowKind;
  /** Empty: this machine only (the server's loopback for a remote forward). A local forward's path starting with "/" listens on that unix socket here. */
  bindAddress: string;
  bindPort: string;
  /** The target host, or a unix socket path starting with "/". Unused for a SOCKS proxy. */
  host: string;
  hostPort: string;
}

export interface TunnelForm {
  name: string;
  targetKind: 'host' | 'typed';
  profileId: string;
  destination: string;
  forwards: ForwardRow[];
  autoStart: boolean;
  exitOnForwardFailure: boolean;
  keepaliveMode: KeepaliveMode;
  keepaliveSeconds: number;
  keepaliveCountMax: number;
  reconnect: boolean;
  firstRetrySeconds: number;
  longestRetrySeconds: number;
  /** 0: keep trying. */
  maxAttempts: number;
  /** How often to probe each -L target, in seconds, as typed; empty: never. */
  probeTargetsSeconds: string;
  /** The backoff's shape, kept as saved (the editor does not change it). */
  backoff: { multiplier: number; jitter: number };
  /** What a typed target had beyond user@host:port (jump hosts, keys, options from the command line), kept as it was. */
  specExtras: Omit<ConnectionSpec, 'destination' | 'user' | 'port'> | undefined;
}

export type RowErrors = Partial<Record<'bindPort' | 'host' | 'hostPort' | 'bindAddress', string>>;
export interface TunnelFormErrors {
  name?: string;
  target?: string;
  forwards?: string;
  probeTargets?: string;
  rows: Record<string, RowErrors>;
}

let nextKey = 0;
export function emptyForwardRow(kind: RowKind = 'local'): ForwardRow {
  return { key: `f${++nextKey}`, kind, bindAddress: '', bindPort: '', host: hasTarget(kind) ? 'localhost' : '', hostPort: '' };
}

/** Whether a row of this kind names a host to reach (a SOCKS proxy does not). */
export function hasTarget(kind: RowKind): boolean {
  return kind === 'local' || kind === 'remote';
}

/** Whether a row listens on a unix socket on this machine instead of a port. */
export function listensOnSocket(row: Pick<ForwardRow, 'kind' | 'bindAddress'>): boolean {
  return row.kind === 'local' && row.bindAddress.trim().startsWith('/');
}

export function emptyTunnelForm(firstHostId?: string): TunnelForm {
  return {
    name: '',
    targetKind: firstHostId !== undefined ? 'host' : 'typed',
    profileId: firstHostId ?? '',
    destination: '',
    forwards: [emptyForwardRow()],
    autoStart: false,
    exitOnForwardFailure: false,
    keepaliveMode: 'ssh',
    keepaliveSeconds: 15,
    keepaliveCountMax: 3,
    reconnect: true,
    firstRetrySeconds: 1,
    longestRetrySeconds: 60,
    maxAttempts: 0,
    probeTargetsSeconds: '',
    backoff: { multiplier: 2, jitter: 0.2 },
    specExtras: undefined,
  };
}

function rowOf(spec: ForwardSpec): ForwardRow {
  const row = { ...emptyForwardRow(spec.kind), bindAddress: spec.bindAddress ?? '', bindPort: String(spec.bindPort) };
  if (spec.kind === 'dynamic') return row;
  if (spec.target === undefined) return { ...row, kind: 'remote-socks', host: '' };
  if (spec.kind === 'local' && spec.bindSocket !== undefined) Object.assign(row, { bindAddress: spec.bindSocket, bindPort: '' });
  return 'socketPath' in spec.target
    ? { ...row, host: spec.target.socketPath, hostPort: '' }
    : { ...row, host: spec.target.host, hostPort: String(spec.target.port) };
}

/** The form for a saved tunnel; `copyName` gives a duplicate its new name. */
export function tunnelFormOf(profile: TunnelProfile, copyName?: string): TunnelForm {
  const { connection } = profile;
  const typed = 'spec' in connection ? connection.spec : undefined;
  const { destination = '', user, port, ...extras } = typed ?? ({} as Partial<ConnectionSpec>);
  return {
    name: copyName ?? profile.name,
    targetKind: typed === undefined ? 'host' : 'typed',
    profileId: 'profileId' in connection ? connection.profileId : '',
    destination:
      typed === undefined
        ? ''
        : `${user !== undefined ? `${user}@` : ''}${destination.includes(':') && port !== undefined ? `[${destination}]` : destination}${port !== undefined ? `:${port}` : ''}`,
    forwards: profile.forwards.map(rowOf),
    autoStart: profile.autoStart,
    exitOnForwardFailure: profile.exitOnForwardFailure,
    keepaliveMode: profile.keepalive.mode,
    keepaliveSeconds: profile.keepalive.intervalSeconds,
    keepaliveCountMax: profile.keepalive.countMax,
    reconnect: profile.reconnect.isEnabled,
    firstRetrySeconds: Math.max(1, Math.round(profile.reconnect.initialDelayMs / 1000)),
    longestRetrySeconds: Math.max(1, Math.round(profile.reconnect.maxDelayMs / 1000)),
    maxAttempts: profile.reconnect.maxAttempts,
    probeTargetsSeconds: profile.probeTargetsEverySeconds === undefined ? '' : String(profile.probeTargetsEverySeconds),
    backoff: { multiplier: profile.reconnect.multiplier, jitter: profile.reconnect.jitter },
    specExtras: typed === undefined ? undefined : (extras as TunnelForm['specExtras']),
  };
}

/** A name not yet taken, for a duplicate: "db-copy", "db-copy-2", … */
export function copyNameOf(name: string, taken: readonly string[]): string {
  const base = `${name}-copy`.slice(0, 60);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

const PORT = /^\d{1,5}$/;
function portError(text: string, allowAny: boolean): string | undefined {
  const port = PORT.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (text.trim() === '') return 'Enter a port.';
  if (!(port >= (allowAny ? 0 : 1) && port <= 65535)) return `Use a number from ${allowAny ? 0 : 1} to 65535.`;
  return undefined;
}

/** The probe interval typed: undefined when empty (no probing), or what is wrong with it. */
function probeSecondsOf(text: string): { seconds?: number; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const seconds = /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  return seconds >= 1 && seconds <= 3600 ? { seconds } : { error: 'Use a number of seconds from 1 to 3600, or leave it empty to not check.' };
}

/** What is wrong with one forward, field by field (empty when nothing is). */
export function rowErrors(row: ForwardRow): RowErrors {
  const errors: RowErrors = {};
  const bind = listensOnSocket(row) ? undefined : portError(row.bindPort, true);
  if (bind !== undefined) errors.bindPort = bind;
  if (/\s/.test(row.bindAddress)) errors.bindAddress = 'An address has no spaces.';
  if (!hasTarget(row.kind)) return errors;
  const host = row.host.trim();
  if (host === '') errors.host = 'Enter the host to reach, or a socket path starting with /.';
  else if (/\s/.test(host)) errors.host = 'A host name has no spaces.';
  else if (!host.startsWith('/')) {
    const target = portError(row.hostPort, false);
    if (target !== undefined) errors.hostPort = target;
  }
  return errors;
}

/** The local port a row listens on, when it listens here and names one (not 0, not the server's). */
export function localListenPort(row: ForwardRow): number | undefined {
  if (row.kind === 'remote' || row.kind === 'remote-socks' || listensOnSocket(row) || rowErrors(row).bindPort !== undefined) return undefined;
  const port = Number(row.bindPort.trim());
  return port > 0 ? port : undefined;
}

function specOf(row: ForwardRow): ForwardSpec {
  const bindAddress = row.bindAddress.trim() === '' ? undefined : row.bindAddress.trim();
  const base = { bindPort: Number(row.bindPort.trim()), ...(bindAddress !== undefined ? { bindAddress } : {}) };
  if (row.kind === 'dynamic') return { kind: 'dynamic', ...base };
  if (row.kind === 'remote-socks') return { kind: 'remote', ...base };
  const host = row.host.trim();
  const target = host.startsWith('/') ? { socketPath: host } : { host: host.replace(/^\[(.*)\]$/, '$1'), port: Number(row.hostPort.trim()) };
  if (listensOnSocket(row)) return { kind: 'local', bindPort: 0, bindSocket: bindAddress!, target };
  return { kind: row.kind, ...base, target };
}

/** The tunnel to save, or what is wrong with the form. */
export function toTunnel(form: TunnelForm): { ok: true; tunnel: TunnelProfile } | { ok: false; errors: TunnelFormErrors } {
  const errors: TunnelFormErrors = { rows: {} };
  const name = form.name.trim();
  if (name === '') errors.name = 'Give the tunnel a name.';
  else if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) errors.name = 'Use letters, digits, ".", "_" and "-", starting with a letter or digit.';
  let connection: TunnelProfile['connection'] | undefined;
  if (form.targetKind === 'host') {
    if (form.profileId === '') errors.target = 'Choose a saved host.';
    else connection = { profileId: form.profileId as never };
  } else {
    const parsed = parseDestination(form.destination);
    if (!parsed.ok) errors.target = parsed.message;
    else {
      const { host, user, port } = parsed.value;
      const extras = form.specExtras ?? { identityFiles: [], forwardAgent: false, options: {} };
      connection = { spec: { ...extras, destination: host, ...(user !== undefined ? { user } : {}), ...(port !== undefined ? { port } : {}) } };
    }
  }
  if (form.forwards.length === 0) errors.forwards = 'Add at least one forward.';
  const probe = probeSecondsOf(form.probeTargetsSeconds);
  if (probe.error !== undefined) errors.probeTargets = probe.error;
  const seen = new Map<number, string>();
  for (const row of form.forwards) {
    const found = rowErrors(row);
    const port = localListenPort(row);
    if (port !== undefined && seen.has(port) && found.bindPort === undefined) found.bindPort = `Port ${port} is used by another forward of this tunnel.`;
    if (port !== undefined) seen.set(port, row.key);
    if (Object.keys(found).length > 0) errors.rows[row.key] = found;
  }
  const hasError = [errors.name, errors.target, errors.forwards, errors.probeTargets].some((error) => error !== undefined);
  if (hasError || Object.keys(errors.rows).length > 0 || !connection) return { ok: false, errors };
  return {
    ok: true,
    tunnel: {
      name,
      connection,
      forwards: form.forwards.map(specOf),
      autoStart: form.autoStart,
      exitOnForwardFailure: form.exitOnForwardFailure,
      keepalive: { mode: form.keepaliveMode, intervalSeconds: form.keepaliveSeconds, countMax: form.keepaliveCountMax },
      reconnect: {
        isEnabled: form.reconnect,
        initialDelayMs: form.firstRetrySeconds * 1000,
        maxDelayMs: Math.max(form.firstRetrySeconds, form.longestRetrySeconds) * 1000,
        ...form.backoff,
        maxAttempts: form.maxAttempts,
      },
      ...(probe.seconds !== undefined ? { probeTargetsEverySeconds: probe.seconds } : {}),
    },
  };
}
