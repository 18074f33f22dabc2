import { z } from 'zod';
import { AppErrorData } from '../errors/app-error';
import { ConnectionProfile, ConnectionProfileDraft, ProfileId, Settings } from '../model/profile';
import { PromptAnswerValue, PromptRequest } from '../model/prompt';
import { type ApiOf, event, method } from './define';
import { EVENT_NAMES, METHOD_NAMES } from './names';

const Empty = z.object({}).strict();

export const AppInfo = z.object({
  version: z.string(),
  transport: z.enum(['electron', 'web']),
  platform: z.string(),
  versions: z.object({ node: z.string(), electron: z.string().optional(), chrome: z.string().optional() }),
  /** ssh2's native crypto binding loaded (without it transfers are 15–50 % slower). */
  nativeCrypto: z.boolean(),
  dataDir: z.string(),
});

export const VaultStatus = z.object({
  state: z.enum(['uninitialized', 'locked', 'unlocked']),
  /** How secrets are protected at rest. */
  protection: z.enum(['os-keyring', 'passphrase']),
  /** What the OS keyring offers; Linux's plain-text fallback is reported as 'basic_text' and not used. */
  osKeyring: z.enum(['available', 'basic_text', 'unavailable']),
});

export const StorageProblem = z.object({
  file: z.string(),
  backup: z.string().optional(),
  message: z.string(),
});

export const Passphrase = z.string().min(8).max(1024);

/**
 * Every call the renderer can make. Names are `domain.verb`; main validates every input against
 * these schemas before a handler sees it.
 */
export const methods = {
  'app.info': method(Empty, AppInfo),
  'profiles.list': method(Empty, z.array(ConnectionProfile)),
  'profiles.save': method(ConnectionProfileDraft, ConnectionProfile),
  'profiles.remove': method(z.object({ id: ProfileId }).strict(), Empty),
  'settings.get': method(Empty, Settings),
  'settings.update': method(Settings.partial().strict(), Settings),
  'storage.problems': method(Empty, z.array(StorageProblem)),
  'vault.status': method(Empty, VaultStatus),
  'vault.setup': method(z.object({ passphrase: Passphrase }).strict(), VaultStatus),
  'vault.unlock': method(z.object({ passphrase: z.string().max(1024) }).strict(), VaultStatus),
  'vault.lock': method(Empty, VaultStatus),
  'vault.changePassphrase': method(z.object({ current: z.string().max(1024), next: Passphrase }).strict(), VaultStatus),
  'prompts.answer': method(z.object({ promptId: z.string().uuid(), answer: PromptAnswerValue }).strict(), Empty),
} as const;

/** Every event main can send to the renderer. */
export const events = {
  'prompts.request': event(z.object({ promptId: z.string().uuid(), request: PromptRequest })),
  'prompts.closed': event(z.object({ promptId: z.string().uuid() })),
  'app.notice': event(z.object({ level: z.enum(['info', 'warning', 'error']), text: z.string(), error: AppErrorData.optional() })),
} as const;

export type Methods = typeof methods;
export type Events = typeof events;
export type MethodName = keyof Methods;
export type EventName = keyof Events;
export type Api = ApiOf<Methods>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when names.ts and the schemas above disagree. */
export const NAMES_MATCH: [Same<MethodName, (typeof METHOD_NAMES)[number]>, Same<EventName, (typeof EVENT_NAMES)[number]>] = [true, true];
export { EVENT_NAMES, METHOD_NAMES };
