/**
 * Reading Linux's /proc/net/tcp and /proc/net/tcp6 as a server sends them: untrusted text, parsed
 * line by line with a strict pattern; anything else is skipped. Addresses are in the kernel's
 * byte order, taken as little-endian (x86 and ARM servers; a big-endian server's loopback
 * listeners are not recognised, and nothing is offered for them).
 */

/** One socket line: where it is bound and its TCP state (0x0A is LISTEN). */
export interface ProcSocket {
  address: string;
  port: number;
  state: number;
}

/** A port listening on loopback or every interface, as offered for forwarding. */
export interface ListeningPort {
  port: number;
  address: string;
  /** The host a forward to it names on the server. */
  remoteHost: string;
}

const TCP_LISTEN = 0x0a;
/** Ports below this are the system's services (and need root to bind): never offered. */
export const FIRST_OFFERED_PORT = 1024;
/** More text than this is not read (a real table of 100,000 sockets is about 15 MiB; we stop well before). */
export const MAX_TABLE_CHARS = 2 * 1024 * 1024;
const MAX_LINE_CHARS = 512;

const LINE = /^\s*\d+:\s+([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})\s+[0-9A-Fa-f]{8,32}:[0-9A-Fa-f]{4}\s+([0-9A-Fa-f]{2})(\s|$)/;
/** The header both files start with; a text without one is not a /proc/net/tcp table. */
const HEADER = /^\s*sl\s+local_address\s+rem_address\s+st\b/;

/** Four bytes in the kernel's (little-endian) order, as the bytes of the address. */
function wordBytes(hex: string): number[] {
  const bytes = [];
  for (let i = 6; i >= 0; i -= 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  return bytes;
}

function ipv6Text(bytes: number[]): string {
  if (bytes.every((b) => b === 0)) return '::';
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return '::1';
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':');
}

function addressText(hex: string): string {
  if (hex.length === 8) return wordBytes(hex).join('.');
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...wordBytes(hex.slice(i, i + 8)));
  return ipv6Text(bytes);
}

/** Every socket line of one or more tables (tcp and tcp6 one after the other); undefined when no table header is there at all. */
export function parseProcNetTcp(text: string): ProcSocket[] | undefined {
  const bounded = text.length > MAX_TABLE_CHARS ? text.slice(0, text.lastIndexOf('\n', MAX_TABLE_CHARS) + 1) : text;
  let hasHeader = false;
  const sockets: ProcSocket[] = [];
  for (const line of bounded.split('\n')) {
    if (line.length > MAX_LINE_CHARS) continue;
    if (HEADER.test(line)) {
      hasHeader = true;
      continue;
    }
    const match = LINE.exec(line);
    if (!match) continue;
    sockets.push({ address: addressText(match[1]!), port: parseInt(match[2]!, 16), state: parseInt(match[3]!, 16) });
  }
  return hasHeader ? sockets : undefined;
}

/** Where a forward goes to reach a listener bound here; undefined for an address a loopback forward would not reach. */
function remoteHostFor(address: string): string | undefined {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return 'localhost';
  if (address === '::1') return '::1';
  if (/^127\./.test(address)) return address;
  if (/^::ffff:127\./.test(address)) return address.slice('::ffff:'.length);
  return undefined;
}

/**
 * The ports listening on loopback or every interface, from 1024 up, one entry per port (an IPv4
 * listener preferred, as the forward's target, over the same port's IPv6 one). Listeners bound
 * only to another address (a container bridge, a LAN address) are left out.
 */
export function listeningPorts(sockets: ProcSocket[]): ListeningPort[] {
  const byPort = new Map<number, ListeningPort>();
  for (const { address, port, state } of sockets) {
    if (state !== TCP_LISTEN || port < FIRST_OFFERED_PORT) continue;
    const remoteHost = remoteHostFor(address);
    if (remoteHost === undefined) continue;
    const known = byPort.get(port);
    if (known === undefined || (known.address.includes(':') && !address.includes(':'))) byPort.set(port, { port, address, remoteHost });
  }
  return [...byPort.values()].sort((a, b) => a.port - b.port);
}

/** The ports listening now that were not at the start: what is offered. */
export function newSinceStart(atStart: ReadonlySet<number>, now: ListeningPort[]): ListeningPort[] {
  return now.filter((listening) => !atStart.has(listening.port));
}
