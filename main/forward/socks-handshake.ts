import type { Duplex } from 'node:stream';

/** What a SOCKS client asked to reach; the name is resolved by the SSH server, not here. */
export interface SocksRequest {
  version: 4 | 5;
  host: string;
  port: number;
}

/** Why a CONNECT failed, in SOCKS terms (RFC 1928 §6; SOCKS4 has only "rejected"). */
export type SocksFailure =
  'general' | 'not-allowed' | 'network-unreachable' | 'host-unreachable' | 'refused' | 'command-not-supported' | 'address-not-supported';

const SOCKS5_REPLY: Record<SocksFailure | 'success', number> = {
  success: 0x00,
  general: 0x01,
  'not-allowed': 0x02,
  'network-unreachable': 0x03,
  'host-unreachable': 0x04,
  refused: 0x05,
  'command-not-supported': 0x07,
  'address-not-supported': 0x08,
};

export class SocksProtocolError extends Error {}

/** Reads exact byte counts from a socket, keeping what arrives beyond them for the tunnel. */
class ByteReader {
  private buffered: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private isEnded = false;
  private readonly onData = (chunk: Buffer) => {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    this.waiter?.();
  };
  private readonly onEnd = () => {
    this.isEnded = true;
    this.waiter?.();
  };

  constructor(private readonly socket: Duplex) {
    socket.on('data', this.onData);
    socket.once('end', this.onEnd);
    socket.once('close', this.onEnd);
    socket.resume();
  }

  async read(count: number): Promise<Buffer> {
    while (this.buffered.length < count) await this.more();
    const head = this.buffered.subarray(0, count);
    this.buffered = this.buffered.subarray(count);
    return head;
  }

  async readString(maxLength: number): Promise<string> {
    for (;;) {
      const end = this.buffered.indexOf(0);
      if (end >= 0) {
        const text = this.buffered.subarray(0, end).toString('latin1');
        this.buffered = this.buffered.subarray(end + 1);
        return text;
      }
      if (this.buffered.length > maxLength) throw new SocksProtocolError('SOCKS4 field too long');
      await this.more();
    }
  }

  /** Stops reading and gives back what was read past the handshake (early payload). */
  release(): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.pause();
    if (this.buffered.length) this.socket.unshift(this.buffered);
  }

  private more(): Promise<void> {
    if (this.isEnded) return Promise.reject(new SocksProtocolError('the client closed during the SOCKS handshake'));
    return new Promise((resolve) => {
      this.waiter = () => {
        this.waiter = undefined;
        resolve();
      };
    });
  }
}

/**
 * Runs the server side of a SOCKS handshake up to the CONNECT request: SOCKS5 without
 * authentication (IPv4, IPv6 and host names), SOCKS4 and SOCKS4a. Anything else is answered
 * with the protocol's error and rejected with SocksProtocolError.
 * The caller answers with `replySocks` once it knows whether the target could be reached.
 */
export async function readSocksRequest(socket: Duplex): Promise<SocksRequest> {
  const reader = new ByteReader(socket);
  try {
    const [version] = await reader.read(1);
    if (version === 5) return await readSocks5(reader, socket);
    if (version === 4) return await readSocks4(reader, socket);
    throw new SocksProtocolError(`not a SOCKS4 or SOCKS5 client (first byte ${version})`);
  } finally {
    reader.release();
  }
}

async function readSocks5(reader: ByteReader, socket: Duplex): Promise<SocksRequest> {
  const [methodCount] = await reader.read(1);
  const methods = await reader.read(methodCount!);
  if (!methods.includes(0x00)) {
    socket.write(Buffer.from([5, 0xff]));
    throw new SocksProtocolError('the SOCKS5 client offers no method without authentication');
  }
  socket.write(Buffer.from([5, 0x00]));
  const [version, command, , addressType] = await reader.read(4);
  if (version !== 5) throw new SocksProtocolError('bad SOCKS5 request');
  let host: string;
  if (addressType === 1) host = [...(await reader.read(4))].join('.');
  else if (addressType === 4) host = formatIpv6(await reader.read(16));
  else if (addressType === 3) {
    const [length] = await reader.read(1);
    host = (await reader.read(length!)).toString('latin1');
  } else {
    replySocks(socket, 5, 'address-not-supported');
    throw new SocksProtocolError(`unknown SOCKS5 address type ${addressType}`);
  }
  const port = (await reader.read(2)).readUInt16BE(0);
  if (command !== 1) {
    replySocks(socket, 5, 'command-not-supported');
    throw new SocksProtocolError(`SOCKS5 command ${command} is not supported (only CONNECT)`);
  }
  return { version: 5, host, port };
}

async function readSocks4(reader: ByteReader, socket: Duplex): Promise<SocksRequest> {
  const head = await reader.read(7);
  const command = head[0];
  const port = head.readUInt16BE(1);
  const address = head.subarray(3, 7);
  await reader.readString(255); // user id, unused
  // SOCKS4a: 0.0.0.x (x ≠ 0) means "the host name follows".
  const isSocks4a = address[0] === 0 && address[1] === 0 && address[2] === 0 && address[3] !== 0;
  const host = isSocks4a ? await reader.readString(255) : [...address].join('.');
  if (command !== 1) {
    replySocks(socket, 4, 'command-not-supported');
    throw new SocksProtocolError(`SOCKS4 command ${command} is not supported (only CONNECT)`);
  }
  return { version: 4, host, port };
}

function formatIpv6(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(':');
}

/** Answers a CONNECT: success lets data flow; a failure is the protocol's own reply code. */
export function replySocks(socket: Duplex, version: 4 | 5, outcome: SocksFailure | 'success'): void {
  if (version === 4) {
    socket.write(Buffer.from([0, outcome === 'success' ? 0x5a : 0x5b, 0, 0, 0, 0, 0, 0]));
    return;
  }
  socket.write(Buffer.from([5, SOCKS5_REPLY[outcome], 0, 1, 0, 0, 0, 0, 0, 0]));
}
