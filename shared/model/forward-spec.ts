import { z } from 'zod';
import { ErrorHint } from '../errors/error-hint';

const Port = z.number().int().min(1).max(65535);
/** 0 asks for any free port (the server reports the one it chose for -R). */
const PortOrAny = z.number().int().min(0).max(65535);

export const ForwardTarget = z.union([z.object({ host: z.string().min(1), port: Port }), z.object({ socketPath: z.string().min(1) })]);
export type ForwardTarget = z.infer<typeof ForwardTarget>;

/**
 * One forward, as OpenSSH's -L, -R and -D describe it. `bindAddress` unset means loopback (the
 * safe default); '*' means every interface, an explicit choice that is warned about.
 * A local forward with `bindSocket` listens on that unix socket here instead of a port (bindPort 0).
 * A remote forward without a target is a SOCKS proxy on the server whose connections go out from
 * here (`-R [bind:]port` alone, as OpenSSH 7.6+).
 */
export const ForwardSpec = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('local'),
    bindAddress: z.string().optional(),
    bindPort: PortOrAny,
    bindSocket: z.string().startsWith('/').optional(),
    target: ForwardTarget,
  }),
  z.object({ kind: z.literal('remote'), bindAddress: z.string().optional(), bindPort: PortOrAny, target: ForwardTarget.optional() }),
  z.object({ kind: z.literal('dynamic'), bindAddress: z.string().optional(), bindPort: PortOrAny }),
]);
export type ForwardSpec = z.infer<typeof ForwardSpec>;
export type ForwardKind = ForwardSpec['kind'];

/** The bind addresses that mean "every interface". */
export function isAllInterfaces(bindAddress: string | undefined): boolean {
  return bindAddress !== undefined && ['*', '', '0.0.0.0', '::'].includes(bindAddress);
}

/** Splits on ':' outside [brackets], as OpenSSH does for IPv6 addresses. */
function splitFields(text: string): string[] {
  if (!text.includes('[') && text.includes('/') && !text.includes(':')) return text.split('/');
  const fields: string[] = [];
  let current = '';
  let depth = 0;
  for (const char of text) {
    if (char === '[') depth++;
    else if (char === ']') depth--;
    if (char === ':' && depth === 0) {
      fields.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  fields.push(current);
  return fields.map((field) => (field.startsWith('[') && field.endsWith(']') ? field.slice(1, -1) : field));
}

function parsePort(text: string, what: string, allowAny: boolean): number {
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < (allowAny ? 0 : 1) || port > 65535) throw new Error(`bad ${what} "${text}"`);
  return port;
}

/**
 * Parses the argument of -L, -R or -D (or LocalForward/RemoteForward/DynamicForward):
 * `[bind:]port:host:hostport`, `[bind:]port:/path.sock` (a socket on the server for -L, here
 * for -R), `[bind:]port` for -D and for -R as a SOCKS proxy, `/here.sock:host:hostport` or
 * `/here.sock:/there.sock` for -L listening on a unix socket.
 * Throws an Error whose message says what is wrong; the caller wraps it.
 */
export function parseForward(kind: ForwardKind, text: string): ForwardSpec {
  const fields = splitFields(text.trim());
  const bindOf = (field: string) => (field === 'localhost' ? undefined : field);
  if (kind === 'dynamic') {
    if (fields.length === 1) return { kind, bindPort: parsePort(fields[0]!, 'port', true) };
    if (fields.length === 2) return { kind, bindAddress: bindOf(fields[0]!), bindPort: parsePort(fields[1]!, 'port', true) };
    throw new Error(`expected [bind_address:]port, got "${text}"`);
  }
  if (kind === 'remote' && fields.length <= 2 && !fields[fields.length - 1]!.startsWith('/')) {
    const port = parsePort(fields[fields.length - 1]!, 'port', true);
    return fields.length === 1 ? { kind, bindPort: port } : { kind, bindAddress: bindOf(fields[0]!), bindPort: port };
  }
  if (kind === 'local' && fields[0]!.startsWith('/')) return parseSocketListener(fields, text);
  const last = fields[fields.length - 1]!;
  // A unix socket target: on the server for -L (direct-streamlocal), here for -R.
  if (last.startsWith('/')) {
    if (fields.length === 2) return { kind, bindPort: parsePort(fields[0]!, 'listen port', true), target: { socketPath: last } };
    if (fields.length === 3)
      return { kind, bindAddress: bindOf(fields[0]!), bindPort: parsePort(fields[1]!, 'listen port', true), target: { socketPath: last } };
    throw new Error(`expected [bind_address:]port:/path/to.sock, got "${text}"`);
  }
  if (fields.length !== 3 && fields.length !== 4) throw new Error(`expected [bind_address:]port:host:hostport, got "${text}"`);
  const [bind, port, host, hostPort] = fields.length === 4 ? fields : [undefined, ...fields];
  if (!host) throw new Error(`no target host in "${text}"`);
  const spec = { kind, bindPort: parsePort(port!, 'listen port', true), target: { host, port: parsePort(hostPort!, 'target port', false) } };
  return bind === undefined ? spec : { ...spec, bindAddress: bindOf(bind) };
}

/** -L /here.sock:host:port or -L /here.sock:/there.sock. */
function parseSocketListener(fields: string[], text: string): ForwardSpec {
  const [bindSocket, ...rest] = fields as [string, ...string[]];
  if (rest.length === 1 && rest[0]!.startsWith('/')) return { kind: 'local', bindPort: 0, bindSocket, target: { socketPath: rest[0]! } };
  if (rest.length !== 2 || !rest[0]) throw new Error(`expected /path/to.sock:host:hostport, got "${text}"`);
  return { kind: 'local', bindPort: 0, bindSocket, target: { host: rest[0], port: parsePort(rest[1]!, 'target port', false) } };
}

export function hostText(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

const KIND_WORD: Record<ForwardKind, string> = { local: 'local', remote: 'remote', dynamic: 'SOCKS proxy' };

/** Where a forward listens, as a person reads it: `localhost:8080`, `*:1080`, `[::1]:80`, `/run/me.sock`. */
function listenText(spec: ForwardSpec): string {
  if (spec.kind === 'local' && spec.bindSocket !== undefined) return spec.bindSocket;
  const host = spec.bindAddress === undefined ? 'localhost' : isAllInterfaces(spec.bindAddress) ? '*' : hostText(spec.bindAddress);
  return `${host}:${spec.bindPort}`;
}

/**
 * The forward in words, as the window and messages name it: `localhost:8080 → db:80 (local)`,
 * `localhost:1080 (SOCKS proxy)`, `server's localhost:1080 (SOCKS proxy from the server)`. The
 * command line's own spelling lives in main/cli.
 */
export function forwardLabel(spec: ForwardSpec): string {
  if (spec.kind === 'dynamic') return `${listenText(spec)} (${KIND_WORD[spec.kind]})`;
  if (spec.target === undefined) return `server's ${listenText(spec)} (SOCKS proxy from the server)`;
  const target = 'socketPath' in spec.target ? spec.target.socketPath : `${hostText(spec.target.host)}:${spec.target.port}`;
  const where = spec.kind === 'remote' ? `server's ${listenText(spec)}` : listenText(spec);
  return `${where} → ${target} (${KIND_WORD[spec.kind]})`;
}

export const ForwardState = z.enum(['starting', 'listening', 'failed', 'closed']);
export type ForwardState = z.infer<typeof ForwardState>;

/** What a forward reports: its state, its connections and the bytes it carried. */
export const ForwardStatus = z.object({
  spec: ForwardSpec,
  /** forwardLabel(spec) */
  label: z.string(),
  state: ForwardState,
  /** The address and port actually listened on (the server's choice for -R 0). */
  boundAddress: z.string().optional(),
  boundPort: z.number().int().optional(),
  activeConnections: z.number().int(),
  totalConnections: z.number().int(),
  /** From whoever connected to the listening side, toward the target. */
  bytesFromClient: z.number(),
  /** From the target back to whoever connected. */
  bytesToClient: z.number(),
  lastError: z.object({ code: z.string(), message: z.string(), hint: ErrorHint.optional() }).optional(),
  /** With target probing on (-L only): whether the target answered the last probe through the connection. */
  isTargetAnswering: z.boolean().optional(),
});
export type ForwardStatus = z.infer<typeof ForwardStatus>;
