import { sanitizeUntrusted } from '../../shared/base/untrusted-text';
import type { ImportedHost, ImportScan } from '../../shared/model/host-import';

/** What one file may bring in: more than any real client keeps, little enough that a hostile file cannot stall main. */
export const MAX_IMPORT_ENTRIES = 2000;

/** A name from a file someone else wrote: visible escapes for control and bidi characters, one line, bounded. */
export function cleanName(text: string, max = 120): string {
  return sanitizeUntrusted(text.replace(/[\r\n\t]+/g, ' '))
    .trim()
    .slice(0, max);
}

/** A host name or address as another client stored it; undefined when it cannot name a host. */
export function cleanHost(text: string | undefined): string | undefined {
  const host = text?.trim();
  if (!host || host.length > 255 || !/^[A-Za-z0-9._:%[\]-]+$/.test(host)) return undefined;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function cleanPort(value: unknown): number | undefined {
  const port = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}

export function cleanUser(text: string | undefined): string | undefined {
  const user = text?.trim();
  return user && user.length <= 128 && !/[\s\p{Cc}]/u.test(user) ? user : undefined;
}

/** A source's entries; `passwords` stays in main. */
export interface SourceScan extends ImportScan {
  passwords: ReadonlyMap<string, string>;
}

/** Collects a source's entries and what it skipped, with a bound on both. */
export class ScanBuilder {
  private readonly hosts: ImportedHost[] = [];
  private readonly skipped: ImportScan['skipped'] = [];
  /** Passwords another client wrote in clear, by entry key: kept in memory for the vault, never sent to a window. */
  private readonly passwords = new Map<string, string>();

  add(host: Omit<ImportedHost, 'isJumpOnly' | 'warnings' | 'jump' | 'identityFiles' | 'hasPassword'> & Partial<ImportedHost>): void {
    if (this.isFull()) return;
    if (host.key.length > 512) return this.skip(host.name, 'its name is longer than 512 characters.');
    const entry: ImportedHost = { identityFiles: [], jump: [], hasPassword: false, isJumpOnly: false, warnings: [], ...host };
    // Within the contract's bounds whatever the file says.
    entry.identityFiles = entry.identityFiles.filter((file) => file.length <= 4096).slice(0, 16);
    entry.jump = entry.jump.slice(0, 16);
    this.hosts.push(entry);
  }

  password(key: string, password: string): void {
    this.passwords.set(key, password);
  }

  skip(name: string, reason: string): void {
    if (!this.isFull()) this.skipped.push({ name: cleanName(name) || '(no name)', reason });
  }

  has(key: string): boolean {
    return this.hosts.some((host) => host.key === key);
  }

  isFull(): boolean {
    return this.hosts.length + this.skipped.length >= MAX_IMPORT_ENTRIES;
  }

  build(): SourceScan {
    return { hosts: this.hosts, skipped: this.skipped, passwords: this.passwords };
  }
}
