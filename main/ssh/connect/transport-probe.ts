import type { Duplex } from 'node:stream';

export interface ServerKexInit {
  kex: string[];
  serverHostKey: string[];
  cipherS2C: string[];
  macS2C: string[];
  /** The server offers strict key exchange (kex-strict-s-v00@openssh.com), the Terrapin fix. */
  isStrictKex: boolean;
}

const MAX_PROBE_BYTES = 64 * 1024;
const MSG_KEXINIT = 20;

/**
 * Watches, without consuming, the first bytes a server sends: its identification line and its
 * KEXINIT, which are in clear text. This tells a peer that is not an SSH server apart from one
 * that is slow, and shows what the server offers (ssh2 only reports what was negotiated).
 */
export class TransportProbe {
  private bytes = Buffer.alloc(0);
  private isFinished = false;
  private identEnd = -1;
  identification: string | undefined;
  kexInit: ServerKexInit | undefined;
  private readonly onData = (chunk: Buffer) => this.feed(chunk);

  constructor(
    private readonly stream: Duplex,
    private readonly onIdentification: (line: string) => void = () => {},
  ) {
    stream.on('data', this.onData);
  }

  get receivedAny(): boolean {
    return this.bytes.length > 0;
  }

  /** The server sent something that cannot begin an SSH session. */
  get isNotSsh(): boolean {
    if (this.identification !== undefined || this.bytes.length === 0) return false;
    const text = this.bytes.toString('latin1');
    // RFC 4253 lets a server send other lines before "SSH-"; a NUL, or a lot of text without it, is not SSH.
    // eslint-disable-next-line no-control-regex -- \x16\x03 is how a TLS handshake starts
    return text.includes('\0') || this.bytes.length >= 8192 || /^(HTTP\/|<|\x16\x03)/.test(text);
  }

  /** The first printable text received, to quote to a person who connected to the wrong port. */
  firstPrintable(limit = 80): string {
    const text = this.bytes.subarray(0, 512).toString('latin1');
    const printable =
      text
        .replace(/[^\x20-\x7e\r\n]/g, '')
        .split(/\r?\n/)
        .find((line) => line.trim().length > 0) ?? '';
    return printable.trim().slice(0, limit);
  }

  dispose(): void {
    if (this.isFinished) return;
    this.isFinished = true;
    this.stream.off('data', this.onData);
  }

  private feed(chunk: Buffer): void {
    if (this.isFinished) return;
    this.bytes = Buffer.concat([this.bytes, chunk]);
    if (this.identification === undefined) this.findIdentification();
    if (this.identification !== undefined && this.kexInit === undefined) this.findKexInit();
    if (this.kexInit !== undefined || this.bytes.length > MAX_PROBE_BYTES) this.dispose();
  }

  private findIdentification(): void {
    let start = 0;
    for (;;) {
      const newline = this.bytes.indexOf(0x0a, start);
      if (newline < 0) return;
      const line = this.bytes.subarray(start, newline).toString('latin1').replace(/\r$/, '');
      if (line.startsWith('SSH-')) {
        this.identification = line;
        this.identEnd = newline + 1;
        this.onIdentification(line);
        return;
      }
      start = newline + 1;
    }
  }

  private findKexInit(): void {
    const packet = this.bytes.subarray(this.identEnd);
    if (packet.length < 6) return;
    const length = packet.readUInt32BE(0);
    if (length > 35_000 || packet.length < 4 + length) return;
    const padding = packet[4]!;
    const payload = packet.subarray(5, 4 + length - padding);
    if (payload[0] !== MSG_KEXINIT) return;
    const lists: string[][] = [];
    let offset = 17; // message type + 16-byte cookie
    for (let i = 0; i < 10 && offset + 4 <= payload.length; i++) {
      const size = payload.readUInt32BE(offset);
      lists.push(
        payload
          .subarray(offset + 4, offset + 4 + size)
          .toString('latin1')
          .split(',')
          .filter(Boolean),
      );
      offset += 4 + size;
    }
    const [kex = [], serverHostKey = [], , cipherS2C = [], , macS2C = []] = lists;
    this.kexInit = { kex, serverHostKey, cipherS2C, macS2C, isStrictKex: kex.includes('kex-strict-s-v00@openssh.com') };
  }
}
