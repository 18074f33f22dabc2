import { cleanHost, cleanName, cleanPort, cleanUser, ScanBuilder, type SourceScan } from './imported-host';

const SESSIONS_KEY = /^\[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\([^\\\]]+)\]$/i;
/** PuTTY's ProxyMethod values; 6 (SSH, PuTTY 0.77 and later) is a jump host. */
const PROXY_METHODS = ['none', 'SOCKS 4', 'SOCKS 5', 'HTTP', 'Telnet', 'a local command', 'SSH'];

/**
 * PuTTY's saved sessions from a Windows registry export (`reg export
 * HKCU\Software\SimonTatham\PuTTY\Sessions`). PuTTY keeps no passwords; its .ppk key files are
 * kept as identity files. Sessions of other protocols (telnet, serial…) are skipped.
 */
export function parsePuttyReg(text: string): SourceScan {
  const scan = new ScanBuilder();
  for (const [name, values] of registrySessions(text)) {
    if (scan.isFull()) break;
    const label = cleanName(name) || '(no name)';
    const protocol = (values.get('protocol') ?? 'ssh').toLowerCase();
    if (protocol !== 'ssh') {
      scan.skip(label, `it is a ${protocol} session; only SSH sessions are imported.`);
      continue;
    }
    const target = splitUserHost(values.get('hostname'));
    const host = cleanHost(target.host);
    if (!host) {
      scan.skip(label, 'it has no host name (Default Settings or an empty session).');
      continue;
    }
    const warnings: string[] = [];
    const identityFiles = values.get('publickeyfile') ? [values.get('publickeyfile')!] : [];
    if (identityFiles.some((file) => /^[A-Za-z]:\\|^\\\\/.test(file))) warnings.push('Its key file is a Windows path: copy the key here and choose it again.');
    const jump: string[] = [];
    const method = Number(values.get('proxymethod') ?? 0);
    if (method === 6) {
      const proxyHost = cleanHost(values.get('proxyhost'));
      if (proxyHost) {
        const proxy = { host: proxyHost, port: cleanPort(values.get('proxyport')), user: cleanUser(values.get('proxyusername')) };
        const key = `jump:${proxy.user ? `${proxy.user}@` : ''}${proxy.host}:${proxy.port ?? 22}`;
        if (!scan.has(key)) scan.add({ key, name: cleanName(key.slice('jump:'.length)), ...proxy, isJumpOnly: true });
        jump.push(key);
      }
    } else if (method > 0) {
      warnings.push(`Its proxy (${PROXY_METHODS[method] ?? 'an unknown kind'}) is not imported.`);
    }
    scan.add({
      key: name,
      name: label,
      host,
      port: cleanPort(values.get('portnumber')),
      user: cleanUser(values.get('username')) ?? cleanUser(target.user),
      identityFiles,
      jump,
      warnings,
    });
  }
  return scan.build();
}

/** Session name (URL-decoded, as PuTTY encodes it in the key) → its values, names in lower case. */
function registrySessions(text: string): Map<string, Map<string, string>> {
  const sessions = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      const match = SESSIONS_KEY.exec(line);
      current = match ? new Map() : undefined;
      if (match) sessions.set(decodeName(match[1]!), current!);
      continue;
    }
    const value = current && /^"((?:[^"\\]|\\.)*)"=(.*)$/.exec(line);
    if (value) current!.set(unescape(value[1]!).toLowerCase(), registryValue(value[2]!));
  }
  return sessions;
}

/** `"text"` (with \\ and \" escapes) or `dword:0000001a`; other kinds are kept as written. */
function registryValue(text: string): string {
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(text);
  if (quoted) return unescape(quoted[1]!);
  const dword = /^dword:([0-9a-fA-F]{1,8})$/.exec(text);
  return dword ? String(parseInt(dword[1]!, 16)) : text;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function decodeName(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** PuTTY accepts `user@host` in its host name box. */
function splitUserHost(text: string | undefined): { user?: string; host?: string } {
  if (!text) return {};
  const at = text.lastIndexOf('@');
  return at < 0 ? { host: text } : { user: text.slice(0, at), host: text.slice(at + 1) };
}
