import type { ConfigFile } from './ssh-config-include';
import { expandTokens } from './ssh-config-expand';
import { type ConfigLine, configError } from './ssh-config-parser';
import { applyDirective, type ConfigSettings, type DirectiveContext } from './ssh-config-settings';
import { matchesWildcard } from '../../base/wildcard';

export interface ConfigPass {
  /** The host as typed (OpenSSH's original host): Host lines match it, and Match originalhost. */
  originalHost: string;
  localUser: string;
  /** OpenSSH re-reads the files once more when a `Match final` was seen, with the resolved host name. */
  isFinalPass: boolean;
  /** In the final pass: the resolved host name, which Host lines and Match host then match. */
  resolvedHost?: string;
}

/**
 * Applies every line of `files` that matches, in order, onto `settings` (first value wins).
 * Returns whether a `Match final` asks for a final pass.
 */
export function evaluateConfig(files: ConfigFile[], settings: ConfigSettings, pass: ConfigPass, context: DirectiveContext): boolean {
  const walker = new ConfigWalker(settings, pass, context);
  for (const file of files) walker.walk(file, { isActive: true }, false);
  return walker.isFinalPassWanted;
}

class ConfigWalker {
  isFinalPassWanted = false;

  constructor(
    private readonly settings: ConfigSettings,
    private readonly pass: ConfigPass,
    private readonly context: DirectiveContext,
  ) {}

  /** `state` is shared with the including file, as OpenSSH does; `isNeverMatch` = included from a block that does not apply (read, checked, not used). */
  walk(file: ConfigFile, state: { isActive: boolean }, isNeverMatch: boolean): void {
    for (const line of file.lines) {
      switch (line.keyword) {
        case 'host':
          state.isActive = hostLineMatches(line, this.pass.resolvedHost ?? this.pass.originalHost) && !isNeverMatch;
          break;
        case 'match':
          state.isActive = this.matchLineMatches(line) && !isNeverMatch;
          break;
        case 'include': {
          // A Host or Match inside an included file does not change the block the Include sits in.
          const outer = state.isActive;
          for (const included of line.included ?? []) {
            this.walk(included, state, isNeverMatch || !outer);
            state.isActive = outer;
          }
          break;
        }
        default:
          applyDirective(line, this.settings, state.isActive, this.context);
      }
    }
  }

  private matchLineMatches(line: ConfigLine): boolean {
    const args = line.args;
    if (args.length === 0) throw configError(line.at, 'Match needs a criterion, such as all or host NAME.');
    let isMatch = true;
    let isSupported = true;
    let criteria = 0;
    for (let i = 0; i < args.length; i++) {
      const raw = args[i]!;
      const isNegated = raw.startsWith('!');
      const name = (isNegated ? raw.slice(1) : raw).toLowerCase();
      if (name === 'all') {
        if (criteria > 1 || i < args.length - 1) throw configError(line.at, 'Match all cannot be combined with other criteria.');
        if (isNegated) isMatch = false;
        break;
      }
      criteria++;
      if (name === 'canonical' || name === 'final') {
        if (name === 'final') this.isFinalPassWanted = true;
        if (this.pass.isFinalPass === isNegated) isMatch = false;
        continue;
      }
      const pattern = args[++i];
      if (pattern === undefined || pattern === '') throw configError(line.at, `Match ${raw} needs a value.`);
      const isHit = this.criterionMatches(name, pattern);
      // exec (never run from here), and criteria of newer OpenSSH versions: the block is skipped.
      if (isHit === undefined) isSupported = false;
      else if (isHit === isNegated) isMatch = false;
    }
    return isSupported && isMatch;
  }

  private criterionMatches(name: string, pattern: string): boolean | undefined {
    switch (name) {
      case 'host':
        return matchPatternList(this.matchHost().toLowerCase(), pattern.toLowerCase()) === 1;
      case 'originalhost':
        return matchPatternList(this.pass.originalHost.toLowerCase(), pattern.toLowerCase()) === 1;
      case 'user':
        return matchPatternList(this.settings.user ?? this.pass.localUser, pattern) === 1;
      case 'localuser':
        return matchPatternList(this.pass.localUser, pattern) === 1;
      default:
        return undefined;
    }
  }

  /** Match host sees HostName as far as it is known at this line (OpenSSH does the same). */
  private matchHost(): string {
    if (this.pass.resolvedHost !== undefined) return this.pass.resolvedHost;
    const hostName = this.settings.hostName;
    return hostName === undefined ? this.pass.originalHost : expandTokens(hostName, { h: this.pass.originalHost });
  }
}

/** `Host a *.b !c.b`: one of the patterns matches and no negated one does. */
function hostLineMatches(line: ConfigLine, host: string): boolean {
  if (line.args.length === 0) throw configError(line.at, 'Host needs at least one pattern.');
  let isMatch = false;
  for (const arg of line.args) {
    if (arg === '' || arg === '!') throw configError(line.at, 'Host has an empty pattern.');
    const isNegated = arg.startsWith('!');
    if (!matchPattern(host, isNegated ? arg.slice(1) : arg)) continue;
    if (isNegated) return false;
    isMatch = true;
  }
  return isMatch;
}

/** OpenSSH's match_pattern_list: 1 if a pattern matches, -1 if a negated one does, else 0. */
export function matchPatternList(text: string, list: string): -1 | 0 | 1 {
  let result: 0 | 1 = 0;
  for (const pattern of list.split(',')) {
    const isNegated = pattern.startsWith('!');
    if (!matchPattern(text, isNegated ? pattern.slice(1) : pattern)) continue;
    if (isNegated) return -1;
    result = 1;
  }
  return result;
}

/** `*` is any run of characters and `?` one; case-sensitive, like OpenSSH's match_pattern. */
export function matchPattern(text: string, pattern: string): boolean {
  return matchesWildcard(text, pattern);
}
