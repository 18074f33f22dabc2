/**
 * What may import what: the one table the `local/layers` and `local/boundaries` lint rules read.
 *
 * main/ is built in layers. A folder may import folders on lower layers; folders on one layer may
 * not import each other unless ALLOW says so; nothing imports upwards. ssh/ and sftp/ have layers
 * of their own inside (SUBLAYERS). Every folder under main/ must be named here (a unit test checks),
 * so a new folder cannot slip past the table.
 */
export const LAYERS = [
  ['main/base'], // 0: generic helpers; shared/ and packages only
  ['main/storage', 'main/prompts'], // 1
  ['main/ssh'], // 2
  ['main/sftp', 'main/terminal', 'main/forward', 'main/import', 'main/keys'], // 3: services, not each other
  ['main/core'], // 4: composes the services; maps their events to the wire
  ['main/rpc'], // 5: router and handlers
  ['main/ipc', 'main/bridge', 'main/preload', 'main/cli', 'main/app'], // 6: transports, not each other
  ['main/index.ts'], // 7: the composition root
];

/** Imports between folders on one layer that the layering allows: [importer, imported]. */
export const ALLOW = [
  ['main/prompts', 'main/storage'],
  ['main/ipc', 'main/app'], // the Electron edge ipc/ serves
];

/** Layers inside a folder of main/, by the same rules. */
export const SUBLAYERS = {
  'main/ssh': [['config', 'host-keys'], ['auth'], ['connect'], ['sessions']],
  'main/sftp': [['protocol'], ['transfer'], ['file-manager']],
};

/**
 * ==== KNOWN VIOLATIONS: temporary, named exceptions ====
 * None today. An entry { from, to, until } lets one folder import `to` (a folder or a file, a prefix
 * of the imported path from the repository root) until the work named in `until` lands; the
 * architecture test fails as soon as the import it excuses is gone, so none outlives its reason.
 */
/** @type {{ from: string, to: string, until: string }[]} */
export const EXCEPTIONS = [];

/** The edges of the whole tree: renderer → shared ← main. */
export const ELECTRON_EDGE = ['main/index.ts', 'main/app', 'main/ipc', 'main/preload'];
/** shared/ is pure TypeScript: these packages and shared/ itself. */
export const SHARED_PACKAGES = ['zod'];
/** The renderer runs sandboxed: renderer/, shared/ and these browser packages (a trailing / allows a scope). */
export const RENDERER_PACKAGES = ['react', 'react-dom', 'lucide-react', 'zod', '@fontsource/jetbrains-mono', '@xterm/'];
