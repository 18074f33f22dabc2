import { z } from 'zod';

const VaultState = z.enum(['uninitialized', 'locked', 'unlocked']);

/** Questions the protocol layer asks a person; the UI, the CLI and tests answer them their own way. */
export const PromptRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('host-key'),
    hop: z.string(),
    host: z.string(),
    port: z.number().int(),
    keyType: z.string(),
    fingerprint: z.string(),
    /** Other key types already known for this host, if any. */
    knownTypes: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('password'),
    hop: z.string(),
    user: z.string(),
    host: z.string(),
    attempt: z.number().int(),
    /** The answer may be kept in the vault (`save` in prompts.answer); see vaultState. */
    canSave: z.boolean().optional(),
    /** The vault as the question was asked: when locked or not set up, the question unlocks or sets it up before keeping. */
    vaultState: VaultState.optional(),
    /** SHA256 fingerprint of the host key this hop showed (a kept password is bound to it). */
    hostKeyFingerprint: z.string().optional(),
    /** Why main asks although a password is kept (it was kept for another host key): shown as is. */
    note: z.string().optional(),
  }),
  z.object({
    kind: z.literal('passphrase'),
    hop: z.string(),
    keyFile: z.string(),
    attempt: z.number().int(),
    canSave: z.boolean().optional(),
    vaultState: VaultState.optional(),
  }),
  z.object({
    kind: z.literal('keyboard-interactive'),
    hop: z.string(),
    /** Server-supplied text: shown as untrusted, labelled with the hop. */
    name: z.string(),
    instructions: z.string(),
    prompts: z.array(z.object({ prompt: z.string(), echo: z.boolean() })),
  }),
  z.object({
    kind: z.literal('transfer-conflict'),
    /** Where the destination is: `local` or the hop label of its server. */
    hop: z.string(),
    jobId: z.number().int(),
    /** The job, as its title reads in the transfer list. */
    title: z.string(),
    /** How many names at the destination are taken, and the first few of them (untrusted text). */
    existing: z.number().int(),
    names: z.array(z.string()).max(10),
  }),
]);
export type PromptRequest = z.infer<typeof PromptRequest>;

export const HostKeyDecision = z.enum(['accept-once', 'accept-save', 'reject']);
export type HostKeyDecision = z.infer<typeof HostKeyDecision>;

/**
 * null cancels; a string answers a password or passphrase (or a transfer conflict, with a
 * ConflictDecision); a list answers keyboard-interactive.
 */
export const PromptAnswerValue = z.union([z.null(), HostKeyDecision, z.string().max(8192), z.array(z.string().max(8192)).max(32)]);
export type PromptAnswerValue = z.infer<typeof PromptAnswerValue>;
