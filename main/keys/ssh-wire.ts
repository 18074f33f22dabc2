/** SSH's wire encoding (RFC 4251 §5): what key blobs and OpenSSH's private key files are made of. */

export class WireWriter {
  private readonly parts: Buffer[] = [];

  uint32(value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(value >>> 0);
    this.parts.push(bytes);
    return this;
  }

  string(value: string | Uint8Array): this {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
    this.uint32(bytes.length);
    this.parts.push(bytes);
    return this;
  }

  /** An unsigned big-endian integer as an mpint: no leading zeros, one 0 byte when the top bit is set. */
  mpint(unsigned: Uint8Array): this {
    let start = 0;
    while (start < unsigned.length && unsigned[start] === 0) start++;
    const digits = Buffer.from(unsigned.subarray(start));
    return this.string(digits.length > 0 && digits[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), digits]) : digits);
  }

  raw(bytes: Uint8Array): this {
    this.parts.push(Buffer.from(bytes));
    return this;
  }

  get length(): number {
    return this.parts.reduce((sum, part) => sum + part.length, 0);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Reads what WireWriter writes; every read is bounds-checked, so a garbage file is an error, never a crash. */
export class WireReader {
  private offset = 0;

  constructor(private readonly bytes: Buffer) {}

  uint32(): number {
    if (this.offset + 4 > this.bytes.length) throw new WireError();
    const value = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  string(): Buffer {
    const length = this.uint32();
    if (length > this.bytes.length - this.offset) throw new WireError();
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  text(): string {
    return this.string().toString('utf8');
  }

  raw(length: number): Buffer {
    if (length > this.bytes.length - this.offset) throw new WireError();
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  rest(): Buffer {
    return this.raw(this.remaining);
  }
}

export class WireError extends Error {
  constructor() {
    super('truncated or malformed SSH data');
  }
}
