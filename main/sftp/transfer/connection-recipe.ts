import { AppError } from '../../../shared/errors';
import { type HopSpec, hopLabel } from '../../../shared/model';
import { PromptBroker } from '../../prompts/prompt-broker';
import type { PromptAnswer, PromptHandler, PromptRequest } from '../../prompts/prompt-types';
import { fingerprintSha256, keyTypeOfBlob } from '../../ssh/host-keys/host-key-format';
import { type HostKeyCheck, KnownHosts } from '../../ssh/host-keys/known-hosts';

/**
 * What a transfer worker needs to open its own connection to a server the main thread already
 * reached: the same hops, each hop's host key as the main connection accepted it (the worker
 * accepts that key and nothing else), and the passwords and passphrases the person typed.
 * It crosses to a worker by postMessage only: never written to disk, logs or events.
 */
export interface ConnectionRecipe {
  hops: HopSpec[];
  /** Base64 of each hop's accepted host key, in the order of `hops`. */
  hostKeys: string[];
  /** Answers given, by `kind hop [keyFile]`: the last answer is the one that worked. */
  secrets: Record<string, string>;
}

function secretKey(request: PromptRequest): string | undefined {
  if (request.kind === 'password') return `password ${request.hop}`;
  if (request.kind === 'passphrase') return `passphrase ${request.hop} ${request.keyFile}`;
  return undefined;
}

/**
 * Watches the main thread's connections: which host key each hop presented (through the
 * known_hosts check) and which passwords and passphrases were typed (through the prompt handler).
 */
export class ConnectionRecorder {
  private readonly keys = new Map<string, string | null>();
  /** Typed answers by `kind hop [keyFile]`, each with the hop it was typed for. */
  private readonly secrets = new Map<string, { hop: string; answer: string }>();

  /** For SshConnector's `knownHostsFor`: the normal known_hosts, with the key it was shown noted. */
  readonly knownHostsFor = (spec: HopSpec): KnownHosts => {
    const id = JSON.stringify(spec);
    const noteKey = (keyBlob: Buffer): void => this.noteKey(id, keyBlob.toString('base64'));
    return new (class extends KnownHosts {
      override async check(host: string, port: number, keyBlob: Buffer): Promise<HostKeyCheck> {
        const result = await super.check(host, port, keyBlob);
        if (result.status !== 'revoked' && result.status !== 'changed') noteKey(keyBlob);
        return result;
      }
    })({ userFiles: spec.userKnownHostsFiles, globalFiles: spec.globalKnownHostsFiles });
  };

  /**
   * What an SshConnector needs to be watched: the known_hosts check, and a broker whose answers
   * (from `handler`) are noted on their way.
   */
  connectorOptions(handler: PromptHandler | undefined): { broker: PromptBroker; knownHostsFor: (spec: HopSpec) => KnownHosts } {
    return { broker: new PromptBroker(this.recordingHandler(handler)), knownHostsFor: this.knownHostsFor };
  }

  /** Wraps the prompt handler so that typed secrets can be handed to workers. */
  recordingHandler(handler: PromptHandler | undefined): PromptHandler | undefined {
    if (!handler) return undefined;
    return (async <R extends PromptRequest>(request: R, signal?: AbortSignal) => {
      const answer = await handler(request, signal);
      const key = secretKey(request);
      if (key && typeof answer === 'string') this.secrets.set(key, { hop: request.hop, answer });
      return answer;
    }) as PromptHandler;
  }

  /** The recipe for `hops`, once each was connected; undefined if a hop showed two different keys. */
  recipeFor(hops: HopSpec[]): ConnectionRecipe | undefined {
    const hostKeys = hops.map((hop) => this.keys.get(JSON.stringify(hop)));
    if (hostKeys.some((key) => typeof key !== 'string')) return undefined;
    // A worker gets what was typed for its own hops, never another host's password.
    const labels = new Set(hops.map((hop) => hopLabel(hop)));
    const secrets = Object.fromEntries([...this.secrets].filter(([, typed]) => labels.has(typed.hop)).map(([key, typed]) => [key, typed.answer]));
    return { hops, hostKeys: hostKeys as string[], secrets };
  }

  /** Drops every typed answer: no connection is left that a worker could join. */
  forgetSecrets(): void {
    this.secrets.clear();
  }

  private noteKey(id: string, key: string): void {
    const seen = this.keys.get(id);
    // Two keys for one hop in one run: nothing to pin, so no workers.
    this.keys.set(id, seen === undefined || seen === key ? key : null);
  }
}

/** known_hosts for a worker: exactly the key the main connection accepted, never another. */
export class PinnedKnownHosts extends KnownHosts {
  private readonly key: Buffer;

  constructor(
    keyBase64: string,
    private readonly hop: string,
  ) {
    super({ userFiles: [] });
    this.key = Buffer.from(keyBase64, 'base64');
  }

  override async check(_host: string, _port: number, keyBlob: Buffer): Promise<HostKeyCheck> {
    if (keyBlob.equals(this.key))
      return { status: 'known', entry: { file: '(pinned)', line: 0, marker: null, keyType: keyTypeOfBlob(this.key), key: this.key, isHashed: false } };
    throw new AppError(
      'HOST_KEY_CHANGED',
      `The host key of ${this.hop} changed between connections of one transfer: it now offers ${fingerprintSha256(keyBlob)}, not ${fingerprintSha256(this.key)}. Someone may be intercepting the connection; the extra connection was refused.`,
      { hop: this.hop, details: { fingerprint: fingerprintSha256(keyBlob), acceptedFingerprint: fingerprintSha256(this.key) } },
    );
  }

  override async knownKeyTypes(): Promise<string[]> {
    return [keyTypeOfBlob(this.key)];
  }

  override async add(): Promise<never> {
    throw new AppError('HOST_KEY_CHANGED', `A transfer worker never saves host keys (${this.hop}).`, { hop: this.hop });
  }
}

/** A worker's answers: what the person typed for the main connection, once; never a new question. */
export function recipePromptHandler(recipe: ConnectionRecipe): PromptHandler {
  return (async (request: PromptRequest) => {
    const key = secretKey(request);
    if (!key || ('attempt' in request && request.attempt > 1)) return null;
    return (recipe.secrets[key] ?? null) as PromptAnswer<typeof request> | null;
  }) as PromptHandler;
}
