/** Questions the protocol layer asks a person. The UI, the CLI and tests answer them their own way. */
export type PromptRequest =
  | {
      kind: 'host-key';
      hop: string;
      host: string;
      port: number;
      keyType: string;
      fingerprint: string;
      /** Other key types already known for this host, if any. */
      knownTypes: string[];
    }
  | { kind: 'password'; hop: string; user: string; host: string; attempt: number }
  | { kind: 'passphrase'; hop: string; keyFile: string; attempt: number }
  | {
      kind: 'keyboard-interactive';
      hop: string;
      /** Server-supplied text: shown as untrusted, labelled with the hop. */
      name: string;
      instructions: string;
      prompts: { prompt: string; echo: boolean }[];
    };

export type HostKeyDecision = 'accept-once' | 'accept-save' | 'reject';

export type PromptAnswer<R extends PromptRequest> = R extends { kind: 'host-key' }
  ? HostKeyDecision
  : R extends { kind: 'keyboard-interactive' }
    ? string[]
    : string;

/** Answers one question; resolve `null` to cancel. */
export type PromptHandler = <R extends PromptRequest>(request: R) => Promise<PromptAnswer<R> | null>;
