import { createHash, createPrivateKey } from 'node:crypto';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { AppError } from '../../../shared/errors';
import type { AgentKey } from '../../../shared/model/trust';
import { errnoCode } from '../../base/errno';
import { fingerprintSha256 } from '../host-keys/host-key-format';

/**
 * A small client of the SSH agent protocol (draft-miller-ssh-agent): list the agent's keys
 * (REQUEST_IDENTITIES) and add a private key to it (ADD_IDENTITY). Passphrases and private keys
 * only pass through memory on their way to the agent; nothing here logs.
 */

const REQUEST_IDENTITIES = 11;
const IDENTITIES_ANSWER = 12;
const ADD_IDENTITY = 17;
const SUCCESS = 6;
const FAILURE = 5;
/** OpenSSH's agent refuses messages above 256 KiB; an answer past that is not an agent's. */
const MAX_MESSAGE = 256 * 1024;
const TIMEOUT_MS = 10_000;
/** What OpenSSH 10.1's agent names its socket by, in ~/.ssh/agent/ (misc-agent.c: s.<hostname hash>.agent.<random>). */
const HOSTNAME_HASH_LENGTH = 10;
const PRESENTATION_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface AgentSocket {
  socket: string;
  source: 'SSH_AUTH_SOCK' | 'agent-dir';
}

/**
 * Where the agent listens: SSH_AUTH_SOCK, else the newest live socket OpenSSH 10.1's ssh-agent made
 * for this machine in ~/.ssh/agent/ (it names them s.<hash of the host name>.agent.<random>).
 */
export async function findAgentSocket(env: NodeJS.ProcessEnv): Promise<AgentSocket | undefined> {
  if (env.SSH_AUTH_SOCK) return { socket: env.SSH_AUTH_SOCK, source: 'SSH_AUTH_SOCK' };
  const dir = path.join(env.HOME || os.homedir(), '.ssh', 'agent');
  const prefix = `s.${hostnameHash(os.hostname())}.agent.`;
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((name) => name.startsWith(prefix));
  } catch {
    return undefined;
  }
  const sockets = (
    await Promise.all(
      names.map(async (name) => {
        const file = path.join(dir, name);
        const stats = await fs.lstat(file).catch(() => undefined);
        return stats?.isSocket() === true ? { file, mtime: stats.mtimeMs } : undefined;
      }),
    )
  ).filter((entry) => entry !== undefined);
  sockets.sort((a, b) => b.mtime - a.mtime);
  for (const { file } of sockets) {
    if (await isListening(file)) return { socket: file, source: 'agent-dir' };
  }
  return undefined;
}

/** OpenSSH's hostname_hash(): SHA-512 of the host name, each byte as one of 62 characters. */
export function hostnameHash(hostname: string): string {
  const digest = createHash('sha512').update(hostname, 'utf8').digest();
  return [...digest.subarray(0, HOSTNAME_HASH_LENGTH)].map((byte) => PRESENTATION_CHARS[byte % PRESENTATION_CHARS.length]).join('');
}

export async function listAgentKeys(socket: string): Promise<AgentKey[]> {
  const answer = await request(socket, Buffer.from([REQUEST_IDENTITIES]));
  if (answer[0] !== IDENTITIES_ANSWER) throw unexpected(socket);
  const reader = new Reader(answer.subarray(1), socket);
  const count = reader.uint32();
  const keys: AgentKey[] = [];
  for (let i = 0; i < count; i++) {
    const blob = reader.string();
    const comment = reader.string().toString('utf8');
    keys.push({ ...describeBlob(blob), comment });
  }
  return keys;
}

/** Reads a private key file (decrypting it with `passphrase`) and hands the key to the agent. */
export async function addKeyFileToAgent(socket: string, keyFile: string, passphrase: string | undefined): Promise<AgentKey> {
  const key = await readPrivateKey(keyFile, passphrase);
  const comment = key.comment || keyFile;
  const message = Buffer.concat([Buffer.from([ADD_IDENTITY]), agentKeyBody(key), sshString(Buffer.from(comment, 'utf8'))]);
  const answer = await request(socket, message);
  if (answer[0] === FAILURE) throw new AppError('AGENT_REFUSED', `The agent at ${socket} did not take ${keyFile}. It may not support ${key.type} keys.`);
  if (answer[0] !== SUCCESS) throw unexpected(socket);
  return { ...describeBlob(key.getPublicSSH()), comment };
}

async function readPrivateKey(keyFile: string, passphrase: string | undefined): Promise<ParsedKey> {
  let data: Buffer;
  try {
    const stats = await fs.stat(keyFile);
    if (!stats.isFile() || stats.size > 64 * 1024) throw new AppError('KEY_UNREADABLE', `${keyFile} is not a private key file.`);
    data = await fs.readFile(keyFile);
  } catch (error) {
    if (AppError.is(error)) throw error;
    const code = errnoCode(error);
    throw new AppError('KEY_UNREADABLE', code === 'ENOENT' ? `There is no file ${keyFile}.` : `${keyFile} could not be read (${code ?? 'unknown error'}).`);
  }
  const parsed = ssh2.utils.parseKey(data, passphrase || undefined);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key instanceof Error || key === undefined) {
    const message = key instanceof Error ? key.message : '';
    if (/passphrase|decrypt|bad key/i.test(message)) {
      throw new AppError(
        'KEY_PASSPHRASE',
        passphrase ? `That is not the passphrase of ${keyFile}.` : `${keyFile} is encrypted: give its passphrase to add it.`,
      );
    }
    throw new AppError('KEY_UNREADABLE', `${keyFile} is not a private key Jumpgate can read (OpenSSH, PEM or PKCS#8 format).`);
  }
  if (!key.isPrivateKey()) throw new AppError('KEY_UNREADABLE', `${keyFile} holds a public key; choose the private key file (without .pub).`);
  return key;
}

/** The key as ADD_IDENTITY carries it (after the type byte, before the comment), per key type. */
function agentKeyBody(key: ParsedKey): Buffer {
  const jwk = createPrivateKey(key.getPrivatePEM()).export({ format: 'jwk' });
  const field = (name: keyof typeof jwk): Buffer => Buffer.from(String(jwk[name] ?? ''), 'base64url');
  const type = sshString(Buffer.from(key.type, 'latin1'));
  if (key.type === 'ssh-ed25519') {
    const publicKey = field('x');
    return Buffer.concat([type, sshString(publicKey), sshString(Buffer.concat([field('d'), publicKey]))]);
  }
  if (key.type === 'ssh-rsa') {
    return Buffer.concat([type, ...['n', 'e', 'd', 'qi', 'p', 'q'].map((name) => mpint(field(name as keyof typeof jwk)))]);
  }
  const curve = /^ecdsa-sha2-(nistp(?:256|384|521))$/.exec(key.type)?.[1];
  if (curve !== undefined) {
    const size = { nistp256: 32, nistp384: 48, nistp521: 66 }[curve as 'nistp256'];
    const point = Buffer.concat([Buffer.from([4]), pad(field('x'), size), pad(field('y'), size)]);
    return Buffer.concat([type, sshString(Buffer.from(curve, 'latin1')), sshString(point), mpint(field('d'))]);
  }
  throw new AppError('AGENT_REFUSED', `Jumpgate adds Ed25519, ECDSA and RSA keys to the agent; this one is ${key.type}.`);
}

/** Type, bits and fingerprint of a public key blob, as `ssh-add -l` shows them. */
export function describeBlob(blob: Buffer): Omit<AgentKey, 'comment'> {
  const reader = new Reader(blob, 'the key');
  const type = reader.string().toString('latin1');
  let bits = 0;
  try {
    if (type === 'ssh-rsa') {
      reader.string();
      bits = bitLength(reader.string());
    } else if (type.startsWith('ecdsa-sha2-nistp') || type.startsWith('sk-ecdsa-sha2-nistp')) {
      bits = Number(/nistp(\d+)/.exec(type)?.[1] ?? 0);
    } else if (type.includes('ed25519')) {
      bits = 256;
    }
  } catch {
    bits = 0;
  }
  return { type, bits, fingerprint: fingerprintSha256(blob) };
}

function bitLength(value: Buffer): number {
  let start = 0;
  while (start < value.length && value[start] === 0) start++;
  if (start === value.length) return 0;
  return (value.length - start - 1) * 8 + (32 - Math.clz32(value[start]!));
}

/** One request, one answer, on a fresh connection: the agent protocol has no other state. */
function request(socket: string, message: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const connection = net.createConnection(socket);
    let received = Buffer.alloc(0);
    const finish = (error: AppError | undefined, answer?: Buffer): void => {
      connection.destroy();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(answer!);
    };
    const timer = setTimeout(() => finish(new AppError('AGENT_UNAVAILABLE', `The agent at ${socket} did not answer within 10 seconds.`)), TIMEOUT_MS);
    connection.on('connect', () => connection.write(Buffer.concat([uint32(message.length), message])));
    connection.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      const length = received.readUInt32BE(0);
      if (length === 0 || length > MAX_MESSAGE) return finish(unexpected(socket));
      if (received.length >= 4 + length) finish(undefined, received.subarray(4, 4 + length));
    });
    connection.on('error', (error) => finish(unreachable(socket, error)));
    connection.on('close', () => finish(new AppError('AGENT_UNAVAILABLE', `The agent at ${socket} closed the connection without answering.`)));
  });
}

function isListening(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = net.createConnection(socket);
    connection.on('connect', () => (connection.destroy(), resolve(true)));
    connection.on('error', () => resolve(false));
  });
}

export function unreachable(socket: string, error: unknown): AppError {
  const code = errnoCode(error);
  const reason =
    code === 'ENOENT' ? 'there is no socket there' : code === 'ECONNREFUSED' ? 'nothing listens on it (the agent has stopped)' : `${code ?? 'error'}`;
  return new AppError('AGENT_UNAVAILABLE', `The agent at ${socket} cannot be reached: ${reason}. Start an agent, or check SSH_AUTH_SOCK.`, {
    details: { socket, osCode: code },
  });
}

function unexpected(socket: string): AppError {
  return new AppError('AGENT_UNAVAILABLE', `What answers at ${socket} does not speak the SSH agent protocol.`);
}

class Reader {
  private offset = 0;
  constructor(
    private readonly data: Buffer,
    private readonly source: string,
  ) {}

  uint32(): number {
    if (this.offset + 4 > this.data.length) throw unexpected(this.source);
    const value = this.data.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  string(): Buffer {
    const length = this.uint32();
    if (this.offset + length > this.data.length) throw unexpected(this.source);
    const value = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

function sshString(value: Buffer): Buffer {
  return Buffer.concat([uint32(value.length), value]);
}

/** An unsigned big-endian integer as an SSH mpint: no leading zeros, one added when the top bit is set. */
function mpint(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length && value[start] === 0) start++;
  const bare = value.subarray(start);
  return sshString(bare.length > 0 && bare[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bare]) : bare);
}

function pad(value: Buffer, size: number): Buffer {
  return value.length >= size ? value : Buffer.concat([Buffer.alloc(size - value.length), value]);
}
