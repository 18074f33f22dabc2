import type { ConnectionSpecInput } from '../../../shared/model/connection-spec';
import { parseOptionLine } from './ssh-config-parser';

/**
 * The settings of a saved connection that run code on this computer or change whom it trusts:
 * what a compromised renderer would set to run commands at every start, to send a connection
 * (and its credentials) somewhere else, or to have another key believed genuine.
 */
const TRUST_MOVING: Record<string, { name: string; effect: string; isNoneHarmless: boolean }> = {
  proxycommand: { name: 'ProxyCommand', effect: 'runs this command on this computer at every connection', isNoneHarmless: true },
  jumpgateproxy: { name: 'JumpgateProxy', effect: 'sends the connection through this proxy', isNoneHarmless: true },
  userknownhostsfile: { name: 'UserKnownHostsFile', effect: 'decides with this file whether a server is genuine', isNoneHarmless: false },
  globalknownhostsfile: { name: 'GlobalKnownHostsFile', effect: 'decides with this file whether a server is genuine', isNoneHarmless: false },
  identityagent: { name: 'IdentityAgent', effect: 'signs in with the keys of this agent', isNoneHarmless: true },
  forwardagent: { name: 'ForwardAgent', effect: 'lets the server use your SSH agent to sign in elsewhere as you', isNoneHarmless: true },
};

/** One trust-moving setting as saved: `ProxyCommand` → `nc -X 5 -x proxy:1080 %h %p`. */
export interface TrustSetting {
  name: string;
  value: string;
  effect: string;
}

/** A trust-moving setting's key (its `-o` keyword, or a field name); values compare as written. */
type Settings = Map<string, TrustSetting>;

function optionSettings(options: Record<string, string> | undefined, into: Settings): void {
  for (const [key, value] of Object.entries(options ?? {})) {
    // The keyword exactly as the resolver will read it (case, `Key=Value` spelled in the key…).
    let keyword: string;
    let rest: string;
    try {
      ({ keyword, rest } = parseOptionLine(key, value));
    } catch {
      ({ keyword, rest } = { keyword: key.trim().toLowerCase(), rest: value });
    }
    const known = TRUST_MOVING[keyword];
    if (!known) continue;
    const text = rest.replace(/^[\s=]+/, '').trim();
    const lower = text.toLowerCase();
    if (known.isNoneHarmless && (lower === 'none' || (keyword === 'forwardagent' && (lower === 'no' || lower === 'false')))) continue;
    into.set(keyword, { name: known.name, value: text, effect: known.effect });
  }
}

/** What of a connection spec (a saved host's, a tunnel's) can move trust. */
type TrustFields = Pick<ConnectionSpecInput, 'options' | 'forwardAgent' | 'configFile'>;

function specSettings(spec: TrustFields): Settings {
  const settings: Settings = new Map();
  optionSettings(spec.options, settings);
  if (spec.forwardAgent === true) settings.set('forwardagent', { name: 'Forward agent', value: 'on', effect: TRUST_MOVING.forwardagent!.effect });
  if (spec.configFile !== undefined && spec.configFile.toLowerCase() !== 'none') {
    settings.set('configfile', {
      name: 'Config file',
      value: spec.configFile,
      effect: 'reads its Host blocks, whose ProxyCommand lines run on this computer',
    });
  }
  return settings;
}

/** What `next` adds or changes over `saved` (removing such a setting moves trust back: not listed). */
function added(next: Settings, saved: Settings | undefined): TrustSetting[] {
  return [...next].filter(([key, setting]) => saved?.get(key)?.value !== setting.value).map(([, setting]) => setting);
}

/**
 * The trust-moving settings a profile save would add or change. What is already saved is not
 * asked about again, so profiles written before this check (or confirmed once) keep working.
 */
export function trustChangesOfProfile(next: TrustFields, saved: TrustFields | undefined): TrustSetting[] {
  return added(specSettings(next), saved && specSettings(saved));
}

/** The same for a tunnel's connection. */
export function trustChangesOfTunnel(next: TrustFields, saved: TrustFields | undefined): TrustSetting[] {
  return added(specSettings(next), saved && specSettings(saved));
}
