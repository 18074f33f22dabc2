import { AppError } from '../../../shared/errors';
import type { HopSpec } from '../../../shared/model';
import type { Prompter } from '../../prompts/prompt-types';
import { displayKeyType, fingerprintSha256, knownHostsHostName, keyTypeOfBlob } from './host-key-format';
import { hostKeyNameOf, type KnownHostEntry, type KnownHosts } from './known-hosts';

export interface HostKeyNotice {
  kind: 'info' | 'warning';
  text: string;
}

/**
 * Decides whether one hop's host key is trusted, the way OpenSSH does, with two differences that
 * favour safety: a changed key is refused whatever StrictHostKeyChecking says, and a key that
 * changes during a rekey is refused too (the first key accepted is pinned).
 *
 * ssh2 takes any key unless the verifier says no, and treats a returned Promise as a yes, so
 * `verify` uses ssh2's callback form and always returns undefined.
 */
export class HostKeyVerifier {
  /** Why the key was refused, for the connection to report instead of ssh2's generic text. */
  failure: AppError | undefined;
  acceptedKey: Buffer | undefined;
  private readonly checkHost: string;
  private readonly checkPort: number;

  constructor(
    private readonly spec: HopSpec,
    private readonly hop: string,
    private readonly knownHosts: KnownHosts,
    private readonly broker: Prompter,
    private readonly notify: (notice: HostKeyNotice) => void = () => {},
  ) {
    // Each hop is checked under its own name and port, never the tunnel's 127.0.0.1.
    ({ host: this.checkHost, port: this.checkPort } = hostKeyNameOf(spec));
  }

  get knownName(): string {
    return knownHostsHostName(this.checkHost, this.checkPort);
  }

  readonly verify = (key: Buffer, callback: (isAccepted: boolean) => void): undefined => {
    if (this.acceptedKey !== undefined) {
      const isSame = this.acceptedKey.equals(key);
      if (!isSame) this.failure = this.rekeyChanged(key);
      callback(isSame);
      return undefined;
    }
    this.decide(key).then(
      () => {
        this.acceptedKey = Buffer.from(key);
        callback(true);
      },
      (error: unknown) => {
        this.failure = error instanceof AppError ? error : new AppError('INTERNAL', 'The host key could not be checked.', { hop: this.hop, cause: error });
        callback(false);
      },
    );
    return undefined;
  };

  private async decide(key: Buffer): Promise<void> {
    const check = await this.knownHosts.check(this.checkHost, this.checkPort, key);
    switch (check.status) {
      case 'known':
        return;
      case 'revoked':
        throw this.revoked(key, check.entry);
      case 'changed':
        throw this.changed(key, check.entries);
      case 'unknown':
        return this.decideUnknown(key);
    }
  }

  private async decideUnknown(key: Buffer): Promise<void> {
    const keyType = keyTypeOfBlob(key);
    const fingerprint = fingerprintSha256(key);
    switch (this.spec.strictHostKeyChecking) {
      case 'yes':
        throw new AppError(
          'HOST_KEY_UNKNOWN',
          `${this.knownName} is not in your known_hosts and StrictHostKeyChecking is yes. Its ${displayKeyType(keyType)} key is ${fingerprint}.`,
          { hop: this.hop, details: { keyType, fingerprint }, hint: { kind: 'accept-host-key', host: this.knownName } },
        );
      case 'accept-new':
      case 'no':
        await this.save(key);
        return;
      case 'ask': {
        const knownTypes = await this.knownHosts.knownKeyTypes(this.checkHost, this.checkPort);
        const decision = await this.broker
          .ask({ kind: 'host-key', hop: this.hop, host: this.checkHost, port: this.checkPort, keyType, fingerprint, knownTypes })
          .catch((error: unknown) => {
            if (AppError.is(error) && error.code !== 'PROMPT_UNAVAILABLE') throw error;
            throw new AppError(
              'HOST_KEY_UNKNOWN',
              `${this.knownName} is not in your known_hosts and there is nobody to ask. Its ${displayKeyType(keyType)} key is ${fingerprint}.`,
              { hop: this.hop, details: { keyType, fingerprint }, hint: { kind: 'accept-host-key', host: this.knownName } },
            );
          });
        if (decision === 'reject') {
          throw new AppError('HOST_KEY_UNKNOWN', `You did not accept the host key of ${this.knownName} (${fingerprint}); nothing was sent.`, {
            hop: this.hop,
            details: { keyType, fingerprint },
          });
        }
        if (decision === 'accept-save') await this.save(key);
        return;
      }
    }
  }

  private async save(key: Buffer): Promise<void> {
    const where = await this.knownHosts.add(this.checkHost, this.checkPort, key, { hash: this.spec.hashKnownHosts });
    const keyName = `'${this.knownName}' (${displayKeyType(keyTypeOfBlob(key))})`;
    this.notify({
      kind: 'info',
      text: where.isSaved
        ? `Permanently added ${keyName} to the list of known hosts (${where.file}).`
        : `Accepted ${keyName} for this connection only: ${where.reason}.`,
    });
  }

  private changed(key: Buffer, entries: KnownHostEntry[]): AppError {
    const fingerprint = fingerprintSha256(key);
    const keyType = keyTypeOfBlob(key);
    const first = entries[0]!;
    return new AppError(
      'HOST_KEY_CHANGED',
      `The host key of ${this.knownName} has CHANGED: it now offers ${displayKeyType(keyType)} key ${fingerprint}, but ${first.file} line ${first.line} holds a different ${displayKeyType(first.keyType)} key. Someone may be intercepting the connection, or the server was reinstalled. Nothing was sent.`,
      {
        hop: this.hop,
        hint: { kind: 'forget-host-key', host: this.knownName, file: first.file },
        details: {
          keyType,
          fingerprint,
          knownEntries: entries.map((entry) => ({ file: entry.file, line: entry.line, keyType: entry.keyType, fingerprint: fingerprintSha256(entry.key) })),
        },
      },
    );
  }

  private revoked(key: Buffer, entry: KnownHostEntry): AppError {
    const fingerprint = fingerprintSha256(key);
    return new AppError(
      'HOST_KEY_REVOKED',
      `The host key of ${this.knownName} (${fingerprint}) is marked @revoked in ${entry.file} line ${entry.line}. The connection was refused; ask the server's administrator for its current key.`,
      { hop: this.hop, details: { fingerprint, file: entry.file, line: entry.line } },
    );
  }

  private rekeyChanged(key: Buffer): AppError {
    return new AppError(
      'HOST_KEY_CHANGED',
      `The host key of ${this.knownName} changed during a rekey, to ${fingerprintSha256(key)}. The connection was closed: this should never happen with an honest server.`,
      { hop: this.hop, details: { fingerprint: fingerprintSha256(key), acceptedFingerprint: fingerprintSha256(this.acceptedKey!) } },
    );
  }
}
