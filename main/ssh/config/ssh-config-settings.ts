import type { AuthMethod, ProxySpec, StrictHostKeyChecking } from '../../../shared/model';
import { type ForwardKind, type ForwardSpec, parseForward } from '../../../shared/model/forward-spec';
import { checkDestination, checkJumpList, type Destination, parsePortNumber } from './destination';
import { envSyntaxProblem, expandEnv, expandTilde, HOSTNAME_TOKENS, isEnvName, PATH_TOKENS, parseDuration, unknownToken } from './ssh-config-expand';
import { type ConfigLine, configError } from './ssh-config-parser';

/** How a host is reached: ProxyJump's hosts, 'none', or 'chained' (a later hop of a -J list, reached through the one before). */
export type JumpSetting = { kind: 'hops'; hops: Destination[] } | { kind: 'none' } | { kind: 'chained' };

/**
 * What the command line and the config files set for one host. OpenSSH's rule: the first value
 * obtained wins (IdentityFile accumulates). Paths have `~` and `${VAR}` expanded; `%` tokens stay.
 */
export interface ConfigSettings {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  identitiesOnly?: boolean;
  /** A path template, or null for no agent. */
  identityAgent?: string | null;
  proxyJump?: JumpSetting;
  /** 'none' once ProxyCommand none or a ProxyJump was seen. */
  proxyCommand?: string;
  forwardAgent?: boolean;
  serverAliveInterval?: number;
  serverAliveCountMax?: number;
  /** Seconds; 0 for none (OpenSSH: no timeout). */
  connectTimeout?: number;
  userKnownHostsFiles?: string[];
  globalKnownHostsFiles?: string[];
  strictHostKeyChecking?: StrictHostKeyChecking;
  hashKnownHosts?: boolean;
  hostKeyAlias?: string;
  preferredAuthentications?: AuthMethod[];
  passwordPrompts?: number;
  tcpKeepAlive?: boolean;
  isPubkeyEnabled?: boolean;
  isPasswordEnabled?: boolean;
  isKbdInteractiveEnabled?: boolean;
  legacyAlgorithms?: boolean;
  terrapin?: 'warn' | 'fatal';
  proxy?: ProxySpec | 'none';
  /** LocalForward, RemoteForward, DynamicForward: they accumulate, as IdentityFile does. */
  forwards: ForwardSpec[];
  exitOnForwardFailure?: boolean;
  clearAllForwardings?: boolean;
}

export interface DirectiveContext {
  homeDir: string;
  env: NodeJS.ProcessEnv;
}

interface Directive {
  /** As the manual spells it, for messages. */
  name: string;
  /** Checks the value even when the line does not apply (OpenSSH refuses a bad value anywhere), sets it when it does. */
  apply(line: ConfigLine, settings: ConfigSettings, isActive: boolean, context: DirectiveContext): void;
}

type ScalarKey = { [K in keyof ConfigSettings]-?: ConfigSettings[K] extends unknown[] ? never : K }[keyof ConfigSettings];

/** A keyword with one value, parsed by `parse`, first value wins. */
function scalar<K extends ScalarKey>(
  name: string,
  key: K,
  parse: (value: string, line: ConfigLine, context: DirectiveContext) => ConfigSettings[K],
): Directive {
  return {
    name,
    apply(line, settings, isActive, context) {
      const value = parse(single(name, line), line, context);
      if (isActive && settings[key] === undefined) settings[key] = value;
    },
  };
}

function single(name: string, line: ConfigLine): string {
  if (line.args.length === 0 || line.args[0] === '') throw configError(line.at, `${name} needs a value.`);
  if (line.args.length > 1) throw configError(line.at, `${name} takes one value; quote it if it contains spaces.`);
  return line.args[0]!;
}

const asString = (value: string) => value;

function asFlag(name: string) {
  return (value: string, line: ConfigLine): boolean => {
    const lower = value.toLowerCase();
    if (lower === 'yes' || lower === 'true') return true;
    if (lower === 'no' || lower === 'false') return false;
    throw configError(line.at, `${name} must be yes or no, not “${value}”.`);
  };
}

function asCount(name: string, min: number, max: number) {
  return (value: string, line: ConfigLine): number => {
    const number = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!(number >= min && number <= max)) throw configError(line.at, `${name} must be a whole number from ${min} to ${max}, not “${value}”.`);
    return number;
  };
}

function asDuration(name: string, allowNone: boolean) {
  return (value: string, line: ConfigLine): number => {
    if (allowNone && value.toLowerCase() === 'none') return 0;
    const seconds = parseDuration(value);
    if (seconds === undefined) throw configError(line.at, `${name} must be a time such as 30, 90s, 5m or 1h30m, not “${value}”.`);
    return seconds;
  };
}

/** IdentityFile, UserKnownHostsFile, IdentityAgent: `~`, `${VAR}` now, `%` tokens once the host is known. */
function pathTemplate(name: string, value: string, line: ConfigLine, isActive: boolean, context: DirectiveContext): string {
  const token = unknownToken(value, PATH_TOKENS);
  if (token) throw configError(line.at, `${name} cannot use ${token} (it takes %% %C %d %h %i %k %L %l %n %p %r %u).`);
  const envProblem = envSyntaxProblem(value);
  if (envProblem) throw configError(line.at, `${name} “${value}”: ${envProblem}.`);
  if (!isActive) return value;
  const tilded = expandTilde(value, context.homeDir);
  if (tilded === undefined) throw configError(line.at, `${name} “${value}”: only ~/ (your own home) is supported.`);
  const expanded = expandEnv(tilded, context.env);
  if ('unset' in expanded) throw configError(line.at, `${name} uses \${${expanded.unset}}, which is not set in the environment.`);
  return expanded.value;
}

function knownHostsFiles(name: string, key: 'userKnownHostsFiles' | 'globalKnownHostsFiles'): Directive {
  return {
    name,
    apply(line, settings, isActive, context) {
      if (line.args.length === 0) throw configError(line.at, `${name} needs at least one file.`);
      const isNone = line.args.some((arg) => arg.toLowerCase() === 'none');
      if (isNone && line.args.length > 1) throw configError(line.at, `${name} none cannot be combined with files.`);
      const apply = isActive && settings[key] === undefined;
      const files = isNone
        ? []
        : line.args.map((arg) => pathTemplate(name, key === 'userKnownHostsFiles' ? arg : arg.replaceAll('%', '%%'), line, apply, context));
      if (apply) settings[key] = files;
    },
  };
}

const STRICT_HOST_KEY_CHECKING: Record<string, StrictHostKeyChecking> = {
  yes: 'yes',
  true: 'yes',
  no: 'no',
  false: 'no',
  off: 'no',
  ask: 'ask',
  'accept-new': 'accept-new',
};

const SUPPORTED_AUTH_METHODS: readonly AuthMethod[] = ['publickey', 'keyboard-interactive', 'password'];

function parseAuthMethods(value: string, line: ConfigLine): AuthMethod[] {
  // gssapi-with-mic, hostbased... are dropped: the order of the others still holds.
  const methods = value.split(',').filter((name): name is AuthMethod => (SUPPORTED_AUTH_METHODS as readonly string[]).includes(name));
  if (methods.length === 0)
    throw configError(line.at, `PreferredAuthentications “${value}” names no method Jumpgate supports (${SUPPORTED_AUTH_METHODS.join(', ')}).`);
  return [...new Set(methods)];
}

function parseProxy(value: string, line: ConfigLine): ProxySpec | 'none' {
  if (value.toLowerCase() === 'none') return 'none';
  const match = /^(socks5|http):\/\/(.*?)\/?$/i.exec(value);
  const target = match ? checkDestination(match[2]!) : undefined;
  if (!match || !target?.ok || target.value.port === undefined) {
    throw configError(line.at, `JumpgateProxy must be socks5://[user@]host:port, http://[user@]host:port or none, not “${value}”.`);
  }
  const proxy: ProxySpec = { type: match[1]!.toLowerCase() as ProxySpec['type'], host: target.value.host, port: target.value.port };
  if (target.value.user !== undefined) proxy.username = target.value.user;
  return proxy;
}

/** ProxyJump's text is taken raw, as OpenSSH does; quotes around it are allowed here (OpenSSH refuses them). */
function parseJump(rest: string, line: ConfigLine): JumpSetting {
  let text = rest.replace(/#.*$/, '').trim();
  if (/^(["']).*\1$/.test(text)) text = text.slice(1, -1);
  if (text === '') throw configError(line.at, 'ProxyJump needs a host, a list of hosts, or none.');
  if (text.toLowerCase() === 'none') return { kind: 'none' };
  const checked = checkJumpList(text);
  if (!checked.ok) throw configError(line.at, `ProxyJump “${text}”: ${checked.problem}.`);
  return { kind: 'hops', hops: checked.value };
}

/** LocalForward/RemoteForward take `[bind:]port target`, DynamicForward `[bind:]port`, as in ssh_config(5). */
function forwardDirective(name: string, kind: ForwardKind): Directive {
  return {
    name,
    apply(line, settings, isActive) {
      const expected = kind === 'dynamic' ? 1 : 2;
      if (line.args.length !== expected) {
        const shape = kind === 'dynamic' ? '[bind_address:]port' : '[bind_address:]port host:hostport';
        const remoteSocks =
          kind === 'remote' && line.args.length === 1 ? ' (a RemoteForward with a port only, a remote SOCKS proxy, is not supported yet)' : '';
        throw configError(line.at, `${name} takes ${shape}${remoteSocks}.`);
      }
      let spec: ForwardSpec;
      try {
        spec = parseForward(kind, line.args.join(':'));
      } catch (error) {
        throw configError(line.at, `${name} ${line.args.join(' ')}: ${(error as Error).message}.`);
      }
      if (isActive) settings.forwards.push(spec);
    },
  };
}

const DIRECTIVE_LIST: Directive[] = [
  scalar('HostName', 'hostName', (value, line) => {
    const token = unknownToken(value, HOSTNAME_TOKENS);
    if (token) throw configError(line.at, `HostName cannot use ${token} (it takes %h and %%).`);
    return value;
  }),
  scalar('User', 'user', asString),
  scalar('Port', 'port', (value, line) => {
    const port = parsePortNumber(value);
    if (port === undefined) throw configError(line.at, `Port must be a number from 1 to 65535, not “${value}”.`);
    return port;
  }),
  {
    name: 'IdentityFile',
    apply(line, settings, isActive, context) {
      const file = pathTemplate('IdentityFile', single('IdentityFile', line), line, isActive, context);
      if (isActive) settings.identityFiles.push(file);
    },
  },
  scalar('IdentitiesOnly', 'identitiesOnly', asFlag('IdentitiesOnly')),
  {
    name: 'IdentityAgent',
    apply(line, settings, isActive, context) {
      const value = single('IdentityAgent', line);
      const apply = isActive && settings.identityAgent === undefined;
      let agent: string | null;
      if (value.toLowerCase() === 'none') agent = null;
      else if (value === 'SSH_AUTH_SOCK' || (value.startsWith('$') && !value.startsWith('${'))) {
        const name = value === 'SSH_AUTH_SOCK' ? value : value.slice(1);
        if (!isEnvName(name)) throw configError(line.at, `IdentityAgent “${value}” is not a valid environment variable name.`);
        agent = context.env[name] ? context.env[name].replaceAll('%', '%%') : null;
      } else agent = pathTemplate('IdentityAgent', value, line, apply, context);
      if (apply) settings.identityAgent = agent;
    },
  },
  {
    name: 'ProxyJump',
    apply(line, settings, isActive) {
      const jump = parseJump(line.rest, line);
      if (!isActive || settings.proxyJump !== undefined || settings.proxyCommand !== undefined) return;
      settings.proxyJump = jump;
      if (jump.kind === 'hops') settings.proxyCommand = 'none';
    },
  },
  {
    name: 'ProxyCommand',
    apply(line, settings, isActive) {
      const command = line.rest.replace(/^[\s=]+/, '');
      if (command === '') throw configError(line.at, 'ProxyCommand needs a command, or none.');
      if (isActive && settings.proxyCommand === undefined) settings.proxyCommand = command.toLowerCase() === 'none' ? 'none' : command;
    },
  },
  scalar('ForwardAgent', 'forwardAgent', (value) => !['no', 'false'].includes(value.toLowerCase())),
  scalar('ServerAliveInterval', 'serverAliveInterval', asDuration('ServerAliveInterval', false)),
  scalar('ServerAliveCountMax', 'serverAliveCountMax', asCount('ServerAliveCountMax', 1, 2_147_483_647)),
  scalar('ConnectTimeout', 'connectTimeout', asDuration('ConnectTimeout', true)),
  knownHostsFiles('UserKnownHostsFile', 'userKnownHostsFiles'),
  knownHostsFiles('GlobalKnownHostsFile', 'globalKnownHostsFiles'),
  scalar('StrictHostKeyChecking', 'strictHostKeyChecking', (value, line) => {
    const mode = STRICT_HOST_KEY_CHECKING[value.toLowerCase()];
    if (!mode) throw configError(line.at, `StrictHostKeyChecking must be yes, no, ask, accept-new or off, not “${value}”.`);
    return mode;
  }),
  scalar('HashKnownHosts', 'hashKnownHosts', asFlag('HashKnownHosts')),
  scalar('HostKeyAlias', 'hostKeyAlias', asString),
  scalar('PreferredAuthentications', 'preferredAuthentications', parseAuthMethods),
  scalar('NumberOfPasswordPrompts', 'passwordPrompts', asCount('NumberOfPasswordPrompts', 1, 10)),
  scalar('TCPKeepAlive', 'tcpKeepAlive', asFlag('TCPKeepAlive')),
  scalar('PubkeyAuthentication', 'isPubkeyEnabled', (value, line) =>
    ['unbound', 'host-bound'].includes(value.toLowerCase()) ? true : asFlag('PubkeyAuthentication')(value, line),
  ),
  scalar('PasswordAuthentication', 'isPasswordEnabled', asFlag('PasswordAuthentication')),
  scalar('KbdInteractiveAuthentication', 'isKbdInteractiveEnabled', asFlag('KbdInteractiveAuthentication')),
  scalar('ChallengeResponseAuthentication', 'isKbdInteractiveEnabled', asFlag('ChallengeResponseAuthentication')),
  scalar('JumpgateLegacyAlgorithms', 'legacyAlgorithms', asFlag('JumpgateLegacyAlgorithms')),
  scalar('JumpgateTerrapin', 'terrapin', (value, line) => {
    const lower = value.toLowerCase();
    if (lower !== 'warn' && lower !== 'fatal') throw configError(line.at, `JumpgateTerrapin must be warn or fatal, not “${value}”.`);
    return lower;
  }),
  scalar('JumpgateProxy', 'proxy', parseProxy),
  forwardDirective('LocalForward', 'local'),
  forwardDirective('RemoteForward', 'remote'),
  forwardDirective('DynamicForward', 'dynamic'),
  scalar('ExitOnForwardFailure', 'exitOnForwardFailure', asFlag('ExitOnForwardFailure')),
  scalar('ClearAllForwardings', 'clearAllForwardings', asFlag('ClearAllForwardings')),
];

const DIRECTIVES = new Map(DIRECTIVE_LIST.map((directive) => [directive.name.toLowerCase(), directive]));

export function emptySettings(): ConfigSettings {
  return { identityFiles: [], forwards: [] };
}

/** Applies one non-structural line (not Host, Match or Include); keywords Jumpgate does not use are ignored. */
export function applyDirective(line: ConfigLine, settings: ConfigSettings, isActive: boolean, context: DirectiveContext): void {
  DIRECTIVES.get(line.keyword)?.apply(line, settings, isActive, context);
}
