import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** electron-builder.yml is small and flat enough to read its keys without a YAML library. */
function section(text: string, name: string): Record<string, string> {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line === `${name}:`);
  expect(start, `section ${name}`).toBeGreaterThanOrEqual(0);
  const entries: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}([A-Za-z]+): (.+)$/.exec(line);
    if (!match) break;
    entries[match[1]!] = match[2]!;
  }
  return entries;
}

describe('packaging', () => {
  const config = readFileSync('electron-builder.yml', 'utf8');

  it('sets every security fuse for the packaged app', () => {
    expect(section(config, 'electronFuses')).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      grantFileProtocolExtraPrivileges: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
    });
  });

  it('packs only the built app, in an asar, with the native binding unpacked and rebuilt for Electron', () => {
    expect(config).toMatch(/^asar: true$/m);
    expect(config).toMatch(/^npmRebuild: true$/m);
    expect(config).toContain('"**/*.node"');
    const files = config.split('\nfiles:\n')[1]!.split(/\n(?! {2}- )/)[0]!.split('\n').map((line) => line.replace(/^ {2}- /, '').replace(/"/g, ''));
    expect(files).toContain('out/renderer/**');
    for (const entry of files) expect(entry === 'package.json' || entry.startsWith('out/') || entry.startsWith('!')).toBe(true);
  });

  it('targets AppImage and deb, dmg and nsis, with the project icon', () => {
    expect(config).toContain('target: [AppImage, deb]');
    expect(config).toContain('target: dmg');
    expect(config).toContain('target: nsis');
    const icon = readFileSync('build/icon.png');
    expect(icon.subarray(1, 4).toString()).toBe('PNG');
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
  });
});
