import { z } from 'zod';
import { AppErrorData } from '../errors/app-error';
import { ConnectionProfile, ConnectionProfileDraft, ProfileId, Settings, SettingsPatch } from '../model/profile';
import { FileListing, FilePath, FileSide, FilesSessionId, FilesSessionState, TransferJobId, TransferRequest, TransferStatus, TreeCount } from '../model/files';
import { HistoryEntry } from '../model/history';
import { ImportPreview, ImportRequest, ImportResult, ImportScan } from '../model/host-import';
import { PromptAnswerValue, PromptRequest } from '../model/prompt';
import { PaneForward, PaneForwardId, PaneForwardRequest, PaneForwards } from '../model/pane-forward';
import { TunnelName, TunnelProfile, TunnelStatus } from '../model/tunnel-profile';
import { KeyFileInfo, KeyGenerateRequest, KeyInstallResult, KeyListing, KeyPassphrase } from '../model/ssh-keys';
import { AgentKey, AgentStatus, KnownHostsListing, KnownHostsQuery, VaultEntry } from '../model/trust';
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

export const SessionId = z
  .string()
  .regex(/^t[0-9]{1,9}$/)
  .brand<'SessionId'>();
export type SessionId = z.infer<typeof SessionId>;
const TerminalCols = z.number().int().min(2).max(1000);
const TerminalRows = z.number().int().min(1).max(500);

/** What a terminal connects to: a saved profile, or what was typed in quick connect (`user@host:port`). */
export const TerminalTarget = z.union([z.object({ profileId: ProfileId }).strict(), z.object({ destination: z.string().trim().min(1).max(512) }).strict()]);

export const ConnectStep = z.enum(['tcp', 'proxy', 'banner', 'kex', 'host-key', 'auth', 'ready']);

export const TerminalState = z.object({
  sessionId: SessionId,
  state: z.enum(['connecting', 'connected', 'closed']),
  /** Why it closed, when it was not the shell ending. */
  error: AppErrorData.optional(),
  exit: z.object({ code: z.number().int().optional(), signal: z.string().optional() }).optional(),
  /** Closed, and main tries again after this long (the profile reconnects by itself). */
  reconnectInMs: z.number().int().nonnegative().optional(),
});

export type TerminalState = z.infer<typeof TerminalState>;

/** A window's sessions, for rebuilding its tabs after a reload, a crash or a reconnect of the bridge. */
export const WindowSessions = z.object({
  terminals: z.array(z.object({ sessionId: SessionId, target: TerminalTarget, title: z.string(), state: TerminalState.shape.state })),
  files: z.array(
    z.object({ filesId: FilesSessionId, target: TerminalTarget, title: z.string(), state: TerminalState.shape.state, home: z.string().optional() }),
  ),
});

/** One terminal's forwards and the ports its server started listening on, by session. */
export const TerminalForwards = PaneForwards.extend({ sessionId: SessionId });

/** A saved tunnel and how it is doing: stopped, run by the app, or up in a `jumpgate tunnel up` elsewhere. */
export const TunnelEntry = z.object({
  profile: TunnelProfile,
  status: TunnelStatus,
  runningElsewhere: z.object({ pid: z.number().int() }).optional(),
});

/**
 * Every call the renderer can make. Names are `domain.verb`; main validates every input against
 * these schemas before a handler sees it.
 */
export const methods = {
  'app.info': method(Empty, AppInfo),
  'profiles.list': method(Empty, z.array(ConnectionProfile)),
  'profiles.save': method(ConnectionProfileDraft, ConnectionProfile),
  'profiles.remove': method(z.object({ id: ProfileId }).strict(), Empty),
  /** The concrete Host entries of ~/.ssh/config (Includes too), each resolved as `ssh ALIAS` would. */
  'hosts.configHosts': method(Empty, ImportScan),
  /** What importing every entry of a source would create, update or skip, and why. */
  'hosts.importPreview': method(ImportRequest, ImportPreview),
  /** Saves the chosen entries and the jump hosts they go through; `savePasswords` puts stored passwords in the vault. */
  'hosts.import': method(
    ImportRequest.extend({ keys: z.array(z.string().min(1).max(512)).min(1).max(2000), savePasswords: z.boolean().optional() }).strict(),
    ImportResult,
  ),
  /** A saved host as a Host block for ~/.ssh/config. */
  'hosts.export': method(z.object({ id: ProfileId }).strict(), z.object({ text: z.string() })),
  /** The destinations quick connect reached, the most recent first (at most 50). */
  'history.list': method(Empty, z.array(HistoryEntry)),
  'history.forget': method(z.object({ destination: HistoryEntry.shape.destination }).strict(), Empty),
  /** SSH connections up now: a jump host is one; the panes and files tabs that share a connection are not more. */
  'connections.count': method(Empty, z.object({ live: z.number().int().nonnegative() })),
  'settings.get': method(Empty, Settings),
  'settings.update': method(SettingsPatch, Settings),
  'storage.problems': method(Empty, z.array(StorageProblem)),
  'vault.status': method(Empty, VaultStatus),
  'vault.setup': method(z.object({ passphrase: Passphrase }).strict(), VaultStatus),
  'vault.unlock': method(z.object({ passphrase: z.string().max(1024) }).strict(), VaultStatus),
  'vault.lock': method(Empty, VaultStatus),
  'vault.changePassphrase': method(z.object({ current: z.string().max(1024), next: Passphrase }).strict(), VaultStatus),
  /** What the unlocked vault holds, by host and key file: names and what they serve, never a secret. */
  'vault.entries': method(Empty, z.array(VaultEntry)),
  /** Forgets one entry (and the host key a kept password is bound to). */
  'vault.forget': method(z.object({ id: z.string().min(1).max(1024) }).strict(), Empty),
  /** The entries of the user's and the global known_hosts files; a search finds hashed names as OpenSSH does. */
  'knownHosts.list': method(KnownHostsQuery, KnownHostsListing),
  /** Removes every line naming `name` (`host` or `[host]:port`) from the user's files, once the person confirmed it through main. */
  'knownHosts.remove': method(
    z.object({ name: z.string().trim().min(1).max(1024), profileId: ProfileId.optional() }).strict(),
    z.object({ removed: z.array(z.object({ file: z.string(), lines: z.number().int().nonnegative() })) }),
  ),
  /** Whether an agent is reachable (SSH_AUTH_SOCK, ~/.ssh/agent) and its keys. */
  'agent.status': method(Empty, AgentStatus),
  /** Adds a private key file of ~/.ssh to the agent, decrypted with its passphrase. */
  'agent.add': method(z.object({ keyFile: z.string().trim().min(1).max(4096), passphrase: z.string().max(1024).optional() }).strict(), AgentKey),
  /** `save`: keep a password or passphrase in the vault (only when the question said canSave). */
  /** The questions open now, oldest first (a window that just loaded or reconnected shows them). */
  'prompts.pending': method(Empty, z.array(z.object({ promptId: z.string().uuid(), request: PromptRequest }))),
  'prompts.answer': method(z.object({ promptId: z.string().uuid(), answer: PromptAnswerValue, save: z.boolean().optional() }).strict(), Empty),
  'terminal.open': method(z.object({ target: TerminalTarget, cols: TerminalCols, rows: TerminalRows }).strict(), z.object({ sessionId: SessionId })),
  'terminal.write': method(z.object({ sessionId: SessionId, data: z.string().max(1024 * 1024) }).strict(), Empty),
  'terminal.resize': method(z.object({ sessionId: SessionId, cols: TerminalCols, rows: TerminalRows }).strict(), Empty),
  'terminal.ack': method(z.object({ sessionId: SessionId, chars: z.number().int().nonnegative() }).strict(), Empty),
  'terminal.close': method(z.object({ sessionId: SessionId }).strict(), Empty),
  'terminal.reconnect': method(z.object({ sessionId: SessionId }).strict(), Empty),
  /** After HOST_KEY_CHANGED only: removes the old key from the user's known_hosts (the person confirmed it). */
  'terminal.forgetHostKey': method(z.object({ sessionId: SessionId }).strict(), z.object({ removed: z.number().int(), file: z.string() })),
  /** Stops a pending automatic reconnect; the tab stays, with its Reconnect button. */
  'terminal.cancelReconnect': method(z.object({ sessionId: SessionId }).strict(), Empty),
  /** This window's sessions, oldest first (they live on in main while the window reloads). */
  'sessions.list': method(Empty, WindowSessions),
  /** Draws a terminal afresh: its recent output (about 1 MiB), then live output goes on. */
  'terminal.attach': method(z.object({ sessionId: SessionId }).strict(), z.object({ scrollback: z.string(), state: TerminalState })),
  /** Records output (and resizes); what is typed only with `withInput`, which the person must ask for. */
  'terminal.record': method(
    z.object({ sessionId: SessionId, on: z.boolean(), withInput: z.boolean().optional() }).strict(),
    z.object({ file: z.string().optional() }),
  ),
  /** Opens a -L on the terminal's own connection (no new login); answers once it listens, with whether the target speaks HTTP. */
  'terminal.forwards.open': method(PaneForwardRequest.extend({ sessionId: SessionId, isDetected: z.boolean().optional() }).strict(), PaneForward),
  'terminal.forwards.close': method(z.object({ sessionId: SessionId, id: PaneForwardId }).strict(), Empty),
  /** Every terminal's forwards and offered ports, by session (the tunnels view shows them under their tab). */
  'terminal.forwards.list': method(Empty, z.array(TerminalForwards)),
  'tunnels.list': method(Empty, z.array(TunnelEntry)),
  /** Creates a tunnel, or replaces `previousName` (a rename when the names differ); one that is up restarts with it. */
  'tunnels.save': method(z.object({ tunnel: TunnelProfile, previousName: TunnelName.optional() }).strict(), TunnelEntry),
  'tunnels.remove': method(z.object({ name: TunnelName }).strict(), Empty),
  /** Answers at once (connecting); what follows comes as `tunnels.status`. */
  'tunnels.start': method(z.object({ name: TunnelName }).strict(), TunnelStatus),
  /** Stops a tunnel here, or asks the `jumpgate tunnel up` running it to stop and waits until it has. */
  'tunnels.stop': method(z.object({ name: TunnelName }).strict(), TunnelStatus),
  /** Whether a local forward could listen on this address and port now (the editor asks as you type). */
  'tunnels.checkPort': method(
    z.object({ bindAddress: z.string().max(255).optional(), port: z.number().int().min(1).max(65535) }).strict(),
    z.object({
      isFree: z.boolean(),
      message: z.string().optional(),
      code: z.string().optional(),
      tunnel: z.string().optional(),
      /** The program holding a taken port, where the system says (Linux, the same user). */
      holder: z.object({ pid: z.number().int(), program: z.string().max(64) }).optional(),
      /** The next port after it that is free now. */
      nextFreePort: z.number().int().min(1).max(65535).optional(),
    }),
  ),
  /** Answers at once; the connection's hops and steps come as `files.progress`, the outcome as `files.state`. */
  'files.open': method(z.object({ target: TerminalTarget }).strict(), z.object({ filesId: FilesSessionId })),
  'files.close': method(z.object({ filesId: FilesSessionId }).strict(), Empty),
  /** Connects a closed file session again under the same id. */
  'files.reconnect': method(z.object({ filesId: FilesSessionId }).strict(), Empty),
  /** Lists a directory (`~` is the home directory on either side); links are shown as links. */
  'files.list': method(z.object({ side: FileSide, path: FilePath }).strict(), FileListing),
  'files.mkdir': method(z.object({ side: FileSide, path: FilePath }).strict(), Empty),
  /** Within one side; refuses to replace an existing name (SFTP_ALREADY_EXISTS). */
  'files.rename': method(z.object({ side: FileSide, from: FilePath, to: FilePath }).strict(), Empty),
  'files.chmod': method(z.object({ side: FileSide, path: FilePath, mode: z.number().int().min(0).max(0o7777) }).strict(), Empty),
  /** What removing these would delete, for the confirmation (links are not followed). */
  'files.count': method(z.object({ side: FileSide, paths: z.array(FilePath).min(1).max(10_000) }).strict(), TreeCount),
  'files.remove': method(z.object({ side: FileSide, paths: z.array(FilePath).min(1).max(10_000) }).strict(), TreeCount),
  /** Queues a copy; progress and the outcome come as `transfers.status`. */
  'transfers.add': method(TransferRequest, z.object({ id: TransferJobId })),
  'transfers.list': method(Empty, z.array(TransferStatus)),
  'transfers.pause': method(z.object({ id: TransferJobId }).strict(), Empty),
  'transfers.resume': method(z.object({ id: TransferJobId }).strict(), Empty),
  'transfers.cancel': method(z.object({ id: TransferJobId }).strict(), Empty),
  /** Queues a failed or cancelled job again; it continues from what it already wrote. */
  'transfers.retry': method(z.object({ id: TransferJobId }).strict(), z.object({ id: TransferJobId })),
  /** Forgets the finished jobs (done, failed, cancelled). */
  'transfers.clear': method(Empty, Empty),
  /** The key files in ~/.ssh (never their private part) and the saved hosts that use each. */
  'keys.list': method(Empty, KeyListing),
  /** Writes ~/.ssh/NAME (0600) and NAME.pub (0644); an existing file is never replaced (KEY_FILE_EXISTS). */
  'keys.generate': method(KeyGenerateRequest, KeyFileInfo),
  /** An empty `next` removes the passphrase. OpenSSH-format keys only. */
  'keys.changePassphrase': method(z.object({ name: z.string().min(1).max(200), current: KeyPassphrase, next: KeyPassphrase }).strict(), KeyFileInfo),
  /** Appends the key to ~/.ssh/authorized_keys on a saved host, through its chain, unless it is there already. */
  'keys.install': method(z.object({ name: z.string().min(1).max(200), profileId: ProfileId }).strict(), KeyInstallResult),
} as const;

/** Every event main can send to the renderer. */
export const events = {
  'prompts.request': event(z.object({ promptId: z.string().uuid(), request: PromptRequest })),
  'prompts.closed': event(z.object({ promptId: z.string().uuid() })),
  /** The vault was set up, unlocked or locked, or what it holds changed. */
  'vault.changed': event(VaultStatus),
  'app.notice': event(z.object({ level: z.enum(['info', 'warning', 'error']), text: z.string(), error: AppErrorData.optional() })),
  'terminal.data': event(z.object({ sessionId: SessionId, data: z.string() })),
  'terminal.state': event(TerminalState),
  'terminal.progress': event(z.object({ sessionId: SessionId, hop: z.string(), step: ConnectStep, elapsedMs: z.number() })),
  'terminal.recording': event(z.object({ sessionId: SessionId, file: z.string().nullable() })),
  'terminal.notice': event(
    z.object({ sessionId: SessionId, hop: z.string(), kind: z.enum(['banner', 'warning', 'info']), text: z.string(), isUntrusted: z.boolean() }),
  ),
  /** A terminal's forwards or offered ports changed: its whole state (empty once the terminal closed for good). */
  'terminal.forwards': event(TerminalForwards),
  /** ~/.ssh/config or a file it includes changed (after hosts.configHosts listed it): list it again. */
  'hosts.configChanged': event(z.object({})),
  /** The number of SSH connections up changed (see `connections.count`). */
  'connections.changed': event(z.object({ live: z.number().int().nonnegative() })),
  /** Each change of a tunnel the app runs; counters at most every 250 ms per tunnel. */
  'tunnels.status': event(TunnelStatus),
  /** The saved tunnels changed, or a tunnel run by `jumpgate tunnel up` changed state: list again. */
  'tunnels.changed': event(z.object({})),
  'files.state': event(FilesSessionState),
  'files.progress': event(z.object({ filesId: FilesSessionId, hop: z.string(), step: ConnectStep, elapsedMs: z.number() })),
  /** Each change of state of a job; progress at most every 250 ms per job. */
  'transfers.status': event(TransferStatus),
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
