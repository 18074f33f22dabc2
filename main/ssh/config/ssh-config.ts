import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { type AuthMethod, HopSpec } from '../../../shared/model';
import { checkJumpList, type Destination, hostProblem, parseDestination, userProblem } from './destination';
import { evaluateConfig } from './ssh-config-evaluate';
import { expandTokens, type TokenValues } from './ssh-config-expand';
import { type ConfigFile, loadConfigTree } from './ssh-config-include';
import { type ConfigLine, parseOptionLine } from './ssh-config-parser';
import { applyDirective, type ConfigSettings, type DirectiveContext, emptySettings, type JumpSetting } from './ssh-config-settings';

export { parseDestination } from './destination';

export interface ResolveOptions {
  /** What was typed, e.g. 'prod' or 'me@10.0.0.5:2222'. */
  destination: string;
  /** -p, applies to the destination only. */
  port?: number;
  /** -l, applies to the destination only. */
  user?: string;
  /** -J 'a,b,user@c:2222' ('none' disables ProxyJump from config). */
  jump?: string;
  /** -i, applies to every hop (OpenSSH applies -i and -o to the last hop only). */
  identityFiles?: string[];
  /** -o Key=Value (keys case-insensitive): applies to every hop, except what names or routes one host (see DESTINATION_ONLY). */
  options?: Record<string, string>;
  /** -A, destination only. `false` means "not given", so the config still decides. */
  forwardAgent?: boolean;
  /** -F; default ~/.ssh/config (missing = empty) then the system file; 'none' reads no file. */
  configFile?: string;
  /** Default /etc/ssh/ssh_config, read after the user's file unless -F is given; for tests. */
  systemConfigFile?: string;
  /** Default env.HOME, else os.homedir(); for tests. */
  homeDir?: string;
  /** Default os.userInfo().username. */
  localUser?: string;
  /** Default process.env (SSH_AUTH_SOCK, ${VAR} in paths). */
  env?: NodeJS.ProcessEnv;
}

/** OpenSSH's loop guard is the process table; ours is this. */
export const MAX_HOPS = 16;
/** -o keys that name or route one host: given to every hop they would make no sense (or a loop), so only the destination takes them. */
export const DESTINATION_ONLY: ReadonlySet<string> = new Set(['hostname', 'user', 'port', 'proxyjump', 'hostkeyalias', 'forwardagent']);
const STRUCTURAL = new Set(['host', 'match', 'include']);
const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
export const USER_KNOWN_HOSTS = ['known_hosts', 'known_hosts2'];
export const GLOBAL_KNOWN_HOSTS = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];
const DEFAULT_AUTH: AuthMethod[] = ['publickey', 'keyboard-interactive', 'password'];

/** Returns hops in connection order; the last one is the destination. */
export async function resolveHops(options: ResolveOptions): Promise<HopSpec[]> {
  const resolver = new HopResolver(options);
  await resolver.load();
  return resolver.resolve();
}

interface HopRequest {
  target: Destination;
  isDestination: boolean;
  /** A later host of a -J / ProxyJump list: reached through the one before, so its own ProxyJump and ProxyCommand do not count. */
  isChained: boolean;
}

class HopResolver {
  private readonly context: DirectiveContext;
  private readonly localUser: string;
  private readonly destination: Destination;
  private readonly jump: JumpSetting | undefined;
  /** -i then -o, applied to each hop before the files. */
  private readonly commandLine: ConfigLine[];
  private files: ConfigFile[] = [];

  constructor(private readonly options: ResolveOptions) {
    const env = options.env ?? process.env;
    // An env given by the caller (a CLI test, say) brings its own HOME.
    this.context = { homeDir: options.homeDir ?? (env.HOME || os.homedir()), env };
    this.localUser = options.localUser ?? localUserName(this.context.env);
    this.destination = parseDestination(options.destination);
    this.jump = parseJumpOption(options.jump);
    this.commandLine = commandLineDirectives(options);
    checkCommandLine(options, this.commandLine, this.context);
  }

  async load(): Promise<void> {
    this.files = await loadConfigFiles(this.options, this.context.homeDir);
  }

  resolve(): HopSpec[] {
    const hops = this.chainTo({ target: this.destination, isDestination: true, isChained: false }, []);
    // Only the first hop opens a connection of its own; the others go through the hop before.
    return hops.map((hop, index) => (index === 0 ? hop : { ...hop, proxyCommand: undefined, proxy: undefined }));
  }

  private chainTo(request: HopRequest, path: string[]): HopSpec[] {
    const key = destinationLabel(request.target);
    if (path.includes(key)) {
      throw new AppError('CONFIG_INVALID', `ProxyJump goes round in a circle: ${[...path, key].join(' → ')}. Change the ProxyJump lines of your SSH config.`, {
        details: { chain: [...path, key] },
      });
    }
    if (path.length >= MAX_HOPS) throw tooManyHops([...path, key]);
    const { spec, jumps } = this.resolveHost(request);
    if (!jumps) return [spec];
    const [first, ...rest] = jumps;
    const chain = this.chainTo({ target: first!, isDestination: false, isChained: false }, [...path, key]);
    for (const target of rest) chain.push(this.resolveHost({ target, isDestination: false, isChained: true }).spec);
    chain.push(spec);
    if (chain.length > MAX_HOPS) throw tooManyHops(chain.map((hop) => hop.alias));
    return chain;
  }

  private resolveHost(request: HopRequest): { spec: HopSpec; jumps?: Destination[] } {
    const settings = this.commandLineSettings(request);
    const pass = { originalHost: request.target.host, localUser: this.localUser, isFinalPass: false };
    const isFinalPassWanted = evaluateConfig(this.files, settings, pass, this.context);
    const hostName = resolveHostName(settings.hostName, request.target.host);
    if (isFinalPassWanted) evaluateConfig(this.files, settings, { ...pass, isFinalPass: true, resolvedHost: hostName }, this.context);
    const spec = this.buildSpec(request.target.host, hostName, settings);
    // Forwards belong to the destination; a jump host only carries the way there (OpenSSH clears them with -W).
    if (!request.isDestination) spec.forwards = [];
    return settings.proxyJump?.kind === 'hops' ? { spec, jumps: settings.proxyJump.hops } : { spec };
  }

  /** The command line comes first, so it wins over the files (OpenSSH: the first value obtained wins). */
  private commandLineSettings(request: HopRequest): ConfigSettings {
    const settings = emptySettings();
    const { options } = this;
    if (request.isDestination) {
      if (options.user !== undefined) settings.user = options.user;
      if (options.port !== undefined) settings.port = options.port;
      if (options.forwardAgent === true) settings.forwardAgent = true;
      if (this.jump) setRoute(settings, this.jump);
    }
    if (request.isChained) setRoute(settings, { kind: 'chained' });
    for (const line of this.commandLine) {
      if (request.isDestination || !DESTINATION_ONLY.has(line.keyword)) applyDirective(line, settings, true, this.context);
    }
    // What was typed (user@host:port) comes after -l, -p and -o, as in OpenSSH.
    settings.user ??= request.target.user;
    settings.port ??= request.target.port;
    return settings;
  }

  private buildSpec(alias: string, host: string, settings: ConfigSettings): HopSpec {
    const { homeDir, env } = this.context;
    const user = settings.user ?? this.localUser;
    const port = settings.port ?? 22;
    const tokens = tokenValues({ alias, host, port, user, localUser: this.localUser, homeDir, hostKeyAlias: settings.hostKeyAlias });
    const expand = (template: string) => expandTokens(template, tokens);
    const identityFiles =
      settings.identityFiles.length > 0 ? [...new Set(settings.identityFiles.map(expand))] : DEFAULT_IDENTITIES.map((name) => path.join(homeDir, '.ssh', name));
    const agentSocket =
      settings.identityAgent === undefined ? env.SSH_AUTH_SOCK || undefined : settings.identityAgent === null ? undefined : expand(settings.identityAgent);
    const proxyCommand = settings.proxyCommand === undefined || settings.proxyCommand === 'none' ? undefined : settings.proxyCommand;
    const proxy = settings.proxy === 'none' ? undefined : settings.proxy;
    if (proxyCommand !== undefined && proxy !== undefined) {
      throw new AppError('CONFIG_INVALID', `Both ProxyCommand and JumpgateProxy apply to ${alias}; keep only one of them.`, { details: { alias } });
    }
    return HopSpec.parse({
      alias,
      host,
      port,
      user,
      identityFiles,
      identitiesOnly: settings.identitiesOnly ?? false,
      agentSocket,
      preferredAuthentications: authMethods(alias, settings),
      passwordPrompts: settings.passwordPrompts ?? 3,
      strictHostKeyChecking: settings.strictHostKeyChecking ?? 'ask',
      userKnownHostsFiles: settings.userKnownHostsFiles?.map(expand) ?? USER_KNOWN_HOSTS.map((name) => path.join(homeDir, '.ssh', name)),
      globalKnownHostsFiles: settings.globalKnownHostsFiles?.map(expand) ?? GLOBAL_KNOWN_HOSTS,
      hashKnownHosts: settings.hashKnownHosts ?? false,
      hostKeyAlias: settings.hostKeyAlias,
      proxyCommand,
      proxy,
      forwardAgent: settings.forwardAgent ?? false,
      serverAliveInterval: settings.serverAliveInterval ?? 0,
      serverAliveCountMax: settings.serverAliveCountMax ?? 3,
      tcpKeepAlive: settings.tcpKeepAlive ?? true,
      // 0 / none is "no timeout" in OpenSSH; a connect always has a budget here, so it keeps the default.
      connectTimeoutMs: settings.connectTimeout ? settings.connectTimeout * 1000 : 20_000,
      legacyAlgorithms: settings.legacyAlgorithms ?? false,
      terrapin: settings.terrapin ?? 'warn',
      forwards: settings.clearAllForwardings ? [] : settings.forwards,
      exitOnForwardFailure: settings.exitOnForwardFailure ?? false,
    });
  }
}

/** os.userInfo() throws in a container whose uid has no passwd entry. */
function localUserName(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    const name = env.USER || env.USERNAME || env.LOGNAME;
    if (name) return name;
    throw new AppError('INVALID_ARGUMENT', 'Jumpgate cannot tell your local user name: give the remote one as user@host.');
  }
}

function setRoute(settings: ConfigSettings, jump: JumpSetting): void {
  settings.proxyJump = jump;
  // -J none only ignores ProxyJump lines; a ProxyCommand in the config still counts (OpenSSH 9.2 does the same).
  if (jump.kind !== 'none') settings.proxyCommand = 'none';
}

function authMethods(alias: string, settings: ConfigSettings): AuthMethod[] {
  const isEnabled: Record<AuthMethod, boolean | undefined> = {
    publickey: settings.isPubkeyEnabled,
    password: settings.isPasswordEnabled,
    'keyboard-interactive': settings.isKbdInteractiveEnabled,
  };
  const methods = (settings.preferredAuthentications ?? DEFAULT_AUTH).filter((method) => isEnabled[method] !== false);
  if (methods.length === 0) {
    throw new AppError(
      'CONFIG_INVALID',
      `No authentication method is left for ${alias}: PreferredAuthentications and the *Authentication no lines rule them all out.`,
      {
        details: { alias },
      },
    );
  }
  return methods;
}

/** HostName with %h replaced, lower case as OpenSSH makes it. */
function resolveHostName(template: string | undefined, alias: string): string {
  const host = (template === undefined ? alias : expandTokens(template, { h: alias })).toLowerCase();
  const problem = hostProblem(host);
  if (problem) throw new AppError('CONFIG_INVALID', `The HostName configured for ${alias} cannot be used: ${problem}.`, { details: { alias, host } });
  return host;
}

function tokenValues(hop: { alias: string; host: string; port: number; user: string; localUser: string; homeDir: string; hostKeyAlias?: string }): TokenValues {
  const localHost = os.hostname();
  const port = String(hop.port);
  return {
    C: createHash('sha1')
      .update(localHost + hop.host + port + hop.user)
      .digest('hex'),
    d: hop.homeDir,
    h: hop.host,
    i: String(process.getuid?.() ?? ''),
    k: hop.hostKeyAlias ?? hop.host,
    L: localHost.split('.')[0]!,
    l: localHost,
    n: hop.alias,
    p: port,
    r: hop.user,
    u: hop.localUser,
  };
}

function destinationLabel(target: Destination): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.user === undefined ? '' : `${target.user}@`}${host}${target.port === undefined ? '' : `:${target.port}`}`;
}

function tooManyHops(chain: string[]): AppError {
  return new AppError(
    'CONFIG_INVALID',
    `The jump chain to ${chain[0]} has more than ${MAX_HOPS} hops (${chain.join(' → ')}); check the ProxyJump lines of your SSH config.`,
    {
      details: { chain },
    },
  );
}

function parseJumpOption(jump: string | undefined): JumpSetting | undefined {
  if (jump === undefined) return undefined;
  if (jump.trim().toLowerCase() === 'none') return { kind: 'none' };
  const checked = checkJumpList(jump);
  if (!checked.ok) throw new AppError('INVALID_ARGUMENT', `The jump hosts “${jump}”: ${checked.problem}.`, { details: { jump } });
  if (checked.value.length > MAX_HOPS) throw new AppError('INVALID_ARGUMENT', `The jump hosts name more than ${MAX_HOPS} hops.`, { details: { jump } });
  return { kind: 'hops', hops: checked.value };
}

/** -i files then -o options, as config lines (their errors name the flag). */
function commandLineDirectives(options: ResolveOptions): ConfigLine[] {
  const lines: ConfigLine[] = (options.identityFiles ?? []).map((file) => ({
    keyword: 'identityfile',
    args: [file],
    rest: file,
    at: { flag: `Identity file ${file}` },
  }));
  for (const [key, value] of Object.entries(options.options ?? {})) {
    const line = parseOptionLine(key, value);
    if (STRUCTURAL.has(line.keyword))
      throw new AppError('INVALID_ARGUMENT', `Option ${key}: Host, Match and Include only work in a config file.`, { details: { option: key } });
    lines.push(line);
  }
  return lines;
}

/** Bad flags are reported before any file is read. */
function checkCommandLine(options: ResolveOptions, lines: ConfigLine[], context: DirectiveContext): void {
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port >= 1 && options.port <= 65535)) {
    throw new AppError('INVALID_ARGUMENT', `Port ${options.port}: the port must be a number from 1 to 65535.`);
  }
  const problem = options.user === undefined ? undefined : userProblem(options.user);
  if (problem) throw new AppError('INVALID_ARGUMENT', `User name “${options.user}”: ${problem}.`);
  const scratch = emptySettings();
  for (const line of lines) applyDirective(line, scratch, true, context);
}

async function loadConfigFiles(options: ResolveOptions, homeDir: string): Promise<ConfigFile[]> {
  const systemFile = options.systemConfigFile ?? '/etc/ssh/ssh_config';
  const tree = { homeDir, systemDir: path.dirname(systemFile) };
  if (options.configFile !== undefined) {
    if (options.configFile.toLowerCase() === 'none') return [];
    const file = path.resolve(options.configFile);
    // Like OpenSSH, a file named with -F is not checked for permissions (its Includes are).
    const config = await loadConfigTree(file, { ...tree, isUserConfig: true, isPermissionChecked: false });
    if (!config) throw new AppError('INVALID_ARGUMENT', `The config file ${options.configFile} does not exist.`, { details: { file } });
    return [config];
  }
  const user = await loadConfigTree(path.join(homeDir, '.ssh', 'config'), { ...tree, isUserConfig: true, isPermissionChecked: true });
  const system = await loadConfigTree(systemFile, { ...tree, isUserConfig: false, isPermissionChecked: false });
  return [user, system].filter((file): file is ConfigFile => file !== undefined);
}
