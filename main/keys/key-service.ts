import os from 'node:os';
import { join, resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import type { ConnectionProfile } from '../../shared/model/profile';
import { type KeyFileInfo, KeyGenerateRequest, type KeyInstallResult, type KeyListing } from '../../shared/model/ssh-keys';
import { planTarget } from '../ssh/config/connect-target';
import type { ConnectionPool } from '../ssh/connect/connection-pool';
import { installAuthorizedKey } from './authorized-keys-install';
import { generateKey } from './key-generator';
import { changeKeyPassphrase, type ListedKey, listKeyFiles, writeKeyPair } from './key-files';
import { parsePublicKeyLine } from './public-key';

export interface KeyServiceOptions {
  connections: ConnectionPool;
  profiles: () => readonly ConnectionProfile[];
  env?: NodeJS.ProcessEnv;
}

/** The keys page's work: the key files in ~/.ssh, new keys, passphrases, and installing a key on a saved host. */
export class KeyService {
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: KeyServiceOptions) {
    this.env = options.env ?? process.env;
  }

  get sshDir(): string {
    return join(this.home, '.ssh');
  }

  private get home(): string {
    return this.env.HOME || os.homedir();
  }

  async listing(): Promise<KeyListing> {
    return { sshDir: this.sshDir, defaultComment: `${this.userName()}@${os.hostname()}`, keys: await this.list() };
  }

  /** As ssh-keygen names the user in a new key's comment; a user with no passwd entry is still someone. */
  private userName(): string {
    try {
      return this.env.USER || this.env.USERNAME || os.userInfo().username;
    } catch {
      return 'me';
    }
  }

  async list(): Promise<KeyFileInfo[]> {
    const profiles = this.options.profiles();
    return (await listKeyFiles(this.sshDir)).map((key) => ({ ...key, usedBy: this.usersOf(key, profiles) }));
  }

  async generate(input: KeyGenerateRequest): Promise<KeyFileInfo> {
    const request = KeyGenerateRequest.parse(input);
    const key = await generateKey(request.kind, { bits: request.bits, comment: request.comment });
    await writeKeyPair(this.sshDir, request.name, key, request.passphrase);
    return this.find(request.name);
  }

  async changePassphrase(name: string, current: string, next: string): Promise<KeyFileInfo> {
    await this.find(name);
    await changeKeyPassphrase(this.sshDir, name, current, next);
    return this.find(name);
  }

  /** Appends the key's public line to ~/.ssh/authorized_keys on the saved host, through its whole chain, once. */
  async install(name: string, profileId: string, signal?: AbortSignal): Promise<KeyInstallResult> {
    const key = parsePublicKeyLine((await this.find(name)).publicKey);
    if (!key) throw new AppError('KEY_UNREADABLE', `~/.ssh/${name} holds no public key.`);
    const profiles = this.options.profiles();
    const plan = planTarget({ profileId }, (id) => profiles.find((profile) => profile.id === id), this.env);
    const lease = await this.options.connections.connect(await plan.resolveHops(), { signal });
    try {
      const outcome = await installAuthorizedKey(lease.connection, key, 'add');
      return { outcome: outcome === 'added' ? 'added' : 'present', host: plan.label };
    } finally {
      lease.dispose();
    }
  }

  private async find(name: string): Promise<KeyFileInfo> {
    const key = (await this.list()).find((listed) => listed.name === name);
    if (!key) throw new AppError('NOT_FOUND', `There is no key named ${name} in ~/.ssh any more; list the keys again.`);
    return key;
  }

  /** Saved hosts whose identity files name this key (its private file or its .pub). */
  private usersOf(key: ListedKey, profiles: readonly ConnectionProfile[]): KeyFileInfo['usedBy'] {
    const paths = new Set([key.privatePath, key.publicPath].filter((path): path is string => path !== undefined));
    return profiles
      .filter((profile) => profile.identityFiles.some((file) => paths.has(this.expand(file))))
      .map((profile) => ({ id: profile.id, name: profile.name }));
  }

  private expand(file: string): string {
    if (file === '~' || file.startsWith('~/')) return join(this.home, file.slice(1));
    return resolve(this.home, file);
  }
}
