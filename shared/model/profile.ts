import { z } from 'zod';
import { StrictHostKeyChecking } from './host-spec';
import { HostSource } from './host-source';
import { ConnectionSpec, ProfileId } from './connection-spec';

export { ProfileId } from './connection-spec';

/**
 * A saved connection: a ConnectionSpec with a name and what a terminal does once connected.
 * Its jump hops may name other saved hosts by id. Secrets are never here: they live in the
 * vault, keyed by the profile id.
 */
export const ConnectionProfile = ConnectionSpec.extend({
  id: ProfileId,
  name: z.string().trim().min(1).max(120),
  /** Sent as `env` requests when the shell opens (the server's AcceptEnv decides which it takes). */
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Environment variable names are letters, digits and _'), z.string().max(4096)).default({}),
  /** Typed into the shell once it starts, followed by Enter. */
  startupCommand: z.string().max(4096).optional(),
  /** A dropped connection is retried with backoff (not a shell that exited, nor a key or auth failure). */
  autoReconnect: z.boolean().default(false),
  /** Every terminal of this profile is recorded as an asciicast file from the start. */
  recordSessions: z.boolean().default(false),
  /** With recordSessions: what is typed is recorded too (passwords typed into the shell included). */
  recordInput: z.boolean().default(false),
  group: z.string().max(120).optional(),
  /** Imported from ~/.ssh/config or another client: importing that entry again updates this host. */
  source: HostSource.optional(),
  /** Free words to find and sort hosts by ("prod", "db"); the search box matches them. */
  tags: z.array(z.string().trim().min(1).max(40)).max(32).default([]),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When a terminal or files session to it last connected; set by main, never by the editor. */
  lastUsedAt: z.string().optional(),
});
export type ConnectionProfile = z.infer<typeof ConnectionProfile>;

/** What the renderer sends to create or update a profile (id absent = create). */
export const ConnectionProfileDraft = ConnectionProfile.omit({ id: true, createdAt: true, updatedAt: true, lastUsedAt: true }).extend({
  id: ProfileId.optional(),
});
export type ConnectionProfileDraft = z.input<typeof ConnectionProfileDraft>;

export const ThemePreference = z.enum(['system', 'light', 'dark']);

const settingsFields = {
  theme: ThemePreference,
  terminalFontSize: z.number().int().min(8).max(32),
  terminalScrollback: z.number().int().min(100).max(200_000),
  copyOnSelect: z.boolean(),
  rightClickPaste: z.boolean(),
  /** Empty: the bundled JetBrains Mono. */
  terminalFontFamily: z.string().max(200),
  terminalCursorStyle: z.enum(['block', 'bar', 'underline']),
  terminalCursorBlink: z.boolean(),
  /** 'auto': the GPU (WebGL) unless it is drawn in software, then the DOM renderer. */
  terminalRenderer: z.enum(['auto', 'gpu', 'dom']),
  confirmMultilinePaste: z.boolean(),
  defaultStrictHostKeyChecking: StrictHostKeyChecking,
  /** A new terminal or file session opens a channel on a live connection to the same hops and user instead of connecting again. */
  reuseConnections: z.boolean(),
  /** A connected terminal's Linux server is read every few seconds for ports it starts listening on, offered as forwards. */
  detectServerPorts: z.boolean(),
  /** The sidebar's order of hosts: by name, or the most recently used first. */
  hostSort: z.enum(['name', 'last-used']),
  /** The sidebar's groups folded shut (by name; the ~/.ssh/config group as "~/.ssh/config"). */
  foldedHostGroups: z.array(z.string().max(120)).max(1000),
  /** In the app: closing the last window leaves it running in the tray with its tunnels, instead of quitting. */
  keepTunnelsInTray: z.boolean(),
};

export const Settings = z.object({
  theme: settingsFields.theme.default('system'),
  terminalFontSize: settingsFields.terminalFontSize.default(14),
  terminalScrollback: settingsFields.terminalScrollback.default(10_000),
  copyOnSelect: settingsFields.copyOnSelect.default(false),
  rightClickPaste: settingsFields.rightClickPaste.default(true),
  terminalFontFamily: settingsFields.terminalFontFamily.default(''),
  terminalCursorStyle: settingsFields.terminalCursorStyle.default('block'),
  terminalCursorBlink: settingsFields.terminalCursorBlink.default(true),
  terminalRenderer: settingsFields.terminalRenderer.default('auto'),
  confirmMultilinePaste: settingsFields.confirmMultilinePaste.default(true),
  defaultStrictHostKeyChecking: settingsFields.defaultStrictHostKeyChecking.default('ask'),
  reuseConnections: settingsFields.reuseConnections.default(true),
  detectServerPorts: settingsFields.detectServerPorts.default(true),
  hostSort: settingsFields.hostSort.default('name'),
  foldedHostGroups: settingsFields.foldedHostGroups.default([]),
  keepTunnelsInTray: settingsFields.keepTunnelsInTray.default(false),
});
export type Settings = z.infer<typeof Settings>;

/**
 * A change to some settings. Built from the bare fields: zod fills defaults even in a partial
 * schema, so `Settings.partial()` would reset every setting the patch does not name.
 */
export const SettingsPatch = z.object(settingsFields).partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
