import { readFile } from 'node:fs/promises';
import os from 'node:os';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { AppError } from '../../../shared/errors';
import type { Prompter } from '../../prompts/prompt-types';
import { errnoCode } from '../../base/errno';

export type LoadedKey =
  { status: 'ok'; key: ParsedKey } | { status: 'missing' } | { status: 'skipped'; reason: 'wrong-passphrase' | 'cancelled' | 'unreadable'; detail: string };

export function tildePath(path: string): string {
  const home = os.homedir();
  return path.startsWith(home + '/') ? `~${path.slice(home.length)}` : path;
}

function isEncryptedKeyError(error: Error): boolean {
  return /encrypted/i.test(error.message) && /no passphrase/i.test(error.message);
}

/**
 * Reads one identity file, asking for its passphrase through the broker when it is encrypted
 * (up to `attempts` times, as NumberOfPasswordPrompts). RSA keys are wrapped so they never
 * produce a SHA-1 signature unless legacy algorithms are allowed.
 */
export async function loadIdentity(file: string, options: { hop: string; broker: Prompter; attempts: number; allowSha1: boolean }): Promise<LoadedKey> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
    return { status: 'skipped', reason: 'unreadable', detail: `${tildePath(file)} could not be read (${code ?? 'error'})` };
  }
  let parsed = ssh2.utils.parseKey(data);
  if (parsed instanceof Error && isEncryptedKeyError(parsed)) {
    for (let attempt = 1; attempt <= options.attempts; attempt++) {
      let passphrase: string;
      try {
        passphrase = await options.broker.ask({ kind: 'passphrase', hop: options.hop, keyFile: tildePath(file), attempt });
      } catch (error) {
        if (AppError.is(error, 'PROMPT_TIMEOUT')) throw error;
        return { status: 'skipped', reason: 'cancelled', detail: `no passphrase was given for ${tildePath(file)}` };
      }
      parsed = ssh2.utils.parseKey(data, passphrase);
      if (!(parsed instanceof Error)) break;
    }
    if (parsed instanceof Error) return { status: 'skipped', reason: 'wrong-passphrase', detail: `the passphrase for ${tildePath(file)} was wrong` };
  }
  if (parsed instanceof Error) return { status: 'skipped', reason: 'unreadable', detail: `${tildePath(file)} is not a private key Jumpgate can read` };
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || !key.isPrivateKey()) return { status: 'skipped', reason: 'unreadable', detail: `${tildePath(file)} holds no private key` };
  return { status: 'ok', key: options.allowSha1 ? key : refuseSha1Signatures(key) };
}

/**
 * ssh2 signs with SHA-1 ("ssh-rsa") when a server does not advertise server-sig-algs. Refusing to
 * sign makes ssh2 move on to the next method instead.
 */
function refuseSha1Signatures(key: ParsedKey): ParsedKey {
  if (key.type !== 'ssh-rsa') return key;
  const sign = key.sign.bind(key);
  const guarded = Object.create(key) as ParsedKey;
  guarded.sign = ((data: Buffer, algo?: string) => {
    if (algo === undefined || algo === 'sha1') return new Error('SHA-1 RSA signatures are disabled');
    return sign(data, algo);
  }) as ParsedKey['sign'];
  return guarded;
}
