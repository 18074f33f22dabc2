import { cleanHost, cleanName, cleanPort, cleanUser, ScanBuilder, type SourceScan } from './imported-host';

/** MobaXterm's session kinds (the number after the icon); 0 is SSH. */
const SESSION_KINDS: Record<string, string> = { '0': 'SSH', '1': 'Telnet', '2': 'Rlogin', '3': 'RDP', '4': 'VNC', '5': 'FTP', '6': 'SFTP', '8': 'Serial' };

/**
 * MobaXterm's bookmarks: a `.mxtsessions` export or MobaXterm.ini, whose [Bookmarks] and
 * [Bookmarks_N] sections hold `SubRep=` (the folder, which becomes the group) and one line per
 * session: `Name=#icon#kind%host%port%user%…%gateway hosts%gateway ports%gateway users%…%key file%…`.
 * Passwords are kept by MobaXterm elsewhere (its own encrypted store), so none are read.
 */
export function parseMobaxterm(text: string): SourceScan {
  const scan = new ScanBuilder();
  let group: string | undefined;
  let isBookmarks = false;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (scan.isFull()) break;
    const line = raw.trim();
    const section = /^\[(.*)\]$/.exec(line);
    if (section) {
      isBookmarks = /^bookmarks(_\d+)?$/i.test(section[1]!);
      group = undefined;
      continue;
    }
    const eq = line.indexOf('=');
    if (!isBookmarks || eq <= 0) continue;
    const name = line.slice(0, eq).trim();
    const value = line.slice(eq + 1);
    if (name.toLowerCase() === 'subrep') {
      group = cleanName(value.replace(/\\/g, '/')) || undefined;
      continue;
    }
    if (name.toLowerCase() === 'imgnum') continue;
    addSession(scan, name, value, group);
  }
  return scan.build();
}

function addSession(scan: ScanBuilder, name: string, value: string, group: string | undefined): void {
  const label = cleanName(name) || '(no name)';
  const head = /#(\d+)#(\d+)%/.exec(value);
  if (!head) {
    scan.skip(label, 'its line is not a MobaXterm session.');
    return;
  }
  const kind = head[2]!;
  if (kind !== '0') {
    scan.skip(label, `it is a ${SESSION_KINDS[kind] ?? 'non-SSH'} session; only SSH sessions are imported.`);
    return;
  }
  const fields = value.slice(head.index + head[0].length - 1).split('%');
  const host = cleanHost(fields[1]);
  if (!host) {
    scan.skip(label, 'it has no host name.');
    return;
  }
  const warnings: string[] = [];
  const key = fields[14]?.trim();
  const identityFiles = key ? [key] : [];
  if (key && /_ProfileDir_|_CurrentDrive_|^[A-Za-z]:\\/.test(key)) warnings.push('Its key file is a Windows path: copy the key here and choose it again.');
  const jump = gateways(fields).map((gateway) => {
    const jumpKey = `jump:${gateway.user ? `${gateway.user}@` : ''}${gateway.host}:${gateway.port ?? 22}`;
    if (!scan.has(jumpKey)) scan.add({ key: jumpKey, name: cleanName(jumpKey.slice('jump:'.length)), ...gateway, group, isJumpOnly: true });
    return jumpKey;
  });
  scan.add({
    key: group ? `${group}/${name}` : name,
    name: label,
    host,
    port: cleanPort(fields[2]),
    user: cleanUser(fields[3]),
    group,
    identityFiles,
    jump,
    warnings,
  });
}

/** The SSH gateways (fields 8, 9, 10; several are joined by `__PIPE__`). */
function gateways(fields: string[]): { host: string; port?: number; user?: string }[] {
  const split = (index: number) => (fields[index] ?? '').split('__PIPE__');
  const ports = split(9);
  const users = split(10);
  return split(8).flatMap((text, index) => {
    const host = cleanHost(text);
    return host ? [{ host, port: cleanPort(ports[index]), user: cleanUser(users[index]) }] : [];
  });
}
