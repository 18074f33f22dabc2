import { stat } from 'node:fs/promises';
import type { AuthenticationType, NextAuthHandler } from 'ssh2';
import { AppError } from '../../../shared/errors';
import type { AuthMethod, HopSpec } from '../../../shared/model';
import type { Prompter } from '../../prompts/prompt-types';
import { fingerprintSha256 } from '../host-keys/host-key-format';
import { loadIdentity, tildePath } from './identity-files';

type AuthConfig = Parameters<NextAuthHandler>[0];
interface Attempt {
  method: AuthMethod;
  label: string;
  build: () => Promise<AuthConfig | undefined>;
}

/**
 * Drives ssh2's authHandler: agent keys, identity files, keyboard-interactive and password, in
 * the order PreferredAuthentications gives (OpenSSH's by default), skipping what the server does
 * not accept. Every question goes through the prompt broker. It remembers what it tried so a
 * failure can say which methods were tried and which the server offers.
 */
export class Authenticator {
  private readonly attempts: Attempt[];
  private next = 0;
  private serverMethods: string[] | undefined;
  private readonly tried: string[] = [];
  private readonly notes: string[] = [];
  private wrongPassphrase = false;
  private fatal: AppError | undefined;
  private started = false;

  constructor(
    private readonly spec: HopSpec,
    private readonly hop: string,
    private readonly broker: Prompter,
    private readonly onStart: () => void = () => {},
    /** The host key this hop showed and was accepted: a kept password is only sent to that key. */
    private readonly hostKey: () => Buffer | undefined = () => undefined,
  ) {
    this.attempts = this.plan();
  }

  /** ssh2's authHandler, in its callback form. */
  readonly handle = (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, callback: NextAuthHandler): void => {
    if (!this.started) {
      this.started = true;
      this.onStart();
      // Ask with "none" first, as OpenSSH does, to learn which methods the server accepts.
      callback({ type: 'none', username: this.spec.user });
      return;
    }
    if (methodsLeft) this.serverMethods = methodsLeft;
    this.pickNext().then(
      (config) => callback(config ?? (false as unknown as AuthConfig)),
      (error: unknown) => {
        this.fatal = AppError.is(error) ? error : new AppError('INTERNAL', 'Authentication could not continue.', { hop: this.hop, cause: error });
        callback(false as unknown as AuthConfig);
      },
    );
  };

  /** The error to report once ssh2 says every method failed. */
  failure(): AppError {
    if (this.fatal) return this.fatal.onHop(this.hop);
    const offered = (this.serverMethods ?? []).filter((m) => m !== 'none');
    const tried = this.tried.length ? this.tried.join(', ') : 'nothing';
    const notes = this.notes.length ? ` (${[...new Set(this.notes)].join('; ')})` : '';
    const details = { tried: this.tried, serverMethods: offered, notes: this.notes };
    if (this.wrongPassphrase) {
      return new AppError(
        'KEY_PASSPHRASE',
        `Permission denied for ${this.hop}: the key passphrase was wrong. Tried: ${tried}${notes}. The server accepts: ${offered.join(', ') || 'nothing'}.`,
        { hop: this.hop, details },
      );
    }
    const usable = offered.filter((m) => (this.spec.preferredAuthentications as string[]).includes(m));
    const hint =
      usable.length === 0 && offered.length > 0
        ? ` Jumpgate has no way in that the server accepts (${offered.join(', ')})${offered.some((m) => ['publickey', 'password', 'keyboard-interactive'].includes(m)) ? '; check PreferredAuthentications' : ''}.`
        : ` The server accepts: ${offered.join(', ') || 'nothing'}.`;
    return new AppError('AUTH_FAILED', `Permission denied for ${this.hop}. Tried: ${tried}${notes}.${hint}`, {
      hop: this.hop,
      details,
      hint: { kind: 'check-credentials' },
    });
  }

  private async pickNext(): Promise<AuthConfig | undefined> {
    while (this.next < this.attempts.length) {
      const attempt = this.attempts[this.next++]!;
      if (this.serverMethods && !this.serverMethods.includes(attempt.method)) continue;
      const config = await attempt.build();
      if (config === undefined) continue;
      this.tried.push(attempt.label);
      return config;
    }
    return undefined;
  }

  private plan(): Attempt[] {
    const attempts: Attempt[] = [];
    for (const method of this.spec.preferredAuthentications) {
      if (method === 'publickey') attempts.push(...this.publicKeyAttempts());
      if (method === 'keyboard-interactive') attempts.push(...this.repeat(method, () => this.keyboardInteractive()));
      if (method === 'password') attempts.push(...this.repeat(method, (n) => this.password(n)));
    }
    return attempts;
  }

  private publicKeyAttempts(): Attempt[] {
    const attempts: Attempt[] = [];
    const username = this.spec.user;
    const agent = this.spec.agentSocket;
    if (agent && !this.spec.identitiesOnly) {
      attempts.push({
        method: 'publickey',
        label: 'agent keys',
        build: async () => {
          const isReachable = await stat(agent).then(
            (s) => s.isSocket(),
            () => false,
          );
          if (!isReachable) {
            this.notes.push(`the agent at ${agent} is not reachable`);
            return undefined;
          }
          return { type: 'agent', username, agent };
        },
      });
    }
    for (const file of this.spec.identityFiles) {
      attempts.push({
        method: 'publickey',
        label: tildePath(file),
        build: async () => {
          const loaded = await loadIdentity(file, {
            hop: this.hop,
            broker: this.broker,
            attempts: this.spec.passwordPrompts,
            allowSha1: this.spec.legacyAlgorithms,
          });
          if (loaded.status === 'ok') return { type: 'publickey', username, key: loaded.key };
          if (loaded.status === 'skipped') {
            this.notes.push(loaded.detail);
            if (loaded.reason === 'wrong-passphrase') this.wrongPassphrase = true;
          }
          return undefined;
        },
      });
    }
    return attempts;
  }

  private repeat(method: AuthMethod, build: (attempt: number) => Promise<AuthConfig | undefined>): Attempt[] {
    let isAbandoned = false;
    return Array.from({ length: this.spec.passwordPrompts }, (_, i) => ({
      method,
      label: i === 0 ? method : `${method} (try ${i + 1})`,
      build: async () => {
        if (isAbandoned) return undefined;
        const config = await build(i + 1).catch((error: unknown) => {
          if (AppError.is(error, 'PROMPT_TIMEOUT')) throw error;
          isAbandoned = true;
          this.notes.push(AppError.is(error, 'PROMPT_UNAVAILABLE') ? `${method} needs a terminal or SSH_ASKPASS` : `the ${method} prompt was cancelled`);
          return undefined;
        });
        return config;
      },
    }));
  }

  private async password(attempt: number): Promise<AuthConfig> {
    const key = this.hostKey();
    const password = await this.broker.ask({
      kind: 'password',
      hop: this.hop,
      user: this.spec.user,
      host: this.spec.host,
      attempt,
      ...(key ? { hostKeyFingerprint: fingerprintSha256(key) } : {}),
    });
    return { type: 'password', username: this.spec.user, password };
  }

  private async keyboardInteractive(): Promise<AuthConfig> {
    if (!this.broker.canAsk) throw new AppError('PROMPT_UNAVAILABLE', 'No prompt handler.', { hop: this.hop });
    return {
      type: 'keyboard-interactive',
      username: this.spec.user,
      prompt: (name, instructions, _lang, prompts, finish) => {
        this.broker
          .ask({ kind: 'keyboard-interactive', hop: this.hop, name, instructions, prompts: prompts.map((p) => ({ prompt: p.prompt, echo: p.echo ?? false })) })
          .then(
            (answers) => finish(answers),
            (error: unknown) => {
              this.notes.push(
                AppError.is(error, 'PROMPT_TIMEOUT') ? 'the keyboard-interactive prompt timed out' : 'the keyboard-interactive prompt was cancelled',
              );
              finish(prompts.map(() => ''));
            },
          );
      },
    };
  }
}
