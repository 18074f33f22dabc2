/* What the import dialog shows and sends, as plain functions (tested without a DOM). */
import type { ImportAction, ImportPreview } from '../../shared/model/host-import';

/** One line of the preview: an entry main would import, or one it left out with why. */
export interface ImportRow {
  key: string;
  name: string;
  action: ImportAction['action'];
  summary: string;
  reason?: string;
  warnings: readonly string[];
  hasPassword: boolean;
  via: readonly string[];
}

/** Every entry of the preview, then what the file held that cannot be imported. */
export function importRows(preview: ImportPreview): ImportRow[] {
  const rows: ImportRow[] = preview.actions.map((action) => ({ ...action, via: action.via ?? [] }));
  preview.skipped.forEach((entry, index) =>
    rows.push({
      key: `\u0000skipped:${index}`,
      name: entry.name,
      action: 'skip',
      summary: '',
      reason: entry.reason,
      warnings: [],
      hasPassword: false,
      via: [],
    }),
  );
  return rows;
}

/** What an import would change: new hosts and hosts that differ from the file. */
export function changesSomething(row: ImportRow): boolean {
  return row.action === 'create' || row.action === 'update';
}

/** Chosen at first: every entry that would change something. */
export function defaultChoice(rows: readonly ImportRow[]): Set<string> {
  return new Set(rows.filter(changesSomething).map((row) => row.key));
}

/** The jump hosts the chosen entries go through (their own jump hosts too), each with the names of the chosen ones that need it. */
export function neededJumpHosts(rows: readonly ImportRow[], chosen: ReadonlySet<string>): Map<string, string[]> {
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const needed = new Map<string, string[]>();
  for (const key of chosen) {
    const owner = byKey.get(key);
    if (!owner) continue;
    const seen = new Set<string>();
    const walk = (hopKeys: readonly string[]): void => {
      for (const hop of hopKeys) {
        if (seen.has(hop) || hop === key) continue;
        seen.add(hop);
        if (!chosen.has(hop)) needed.set(hop, [...(needed.get(hop) ?? []), owner.name]);
        walk(byKey.get(hop)?.via ?? []);
      }
    };
    walk(owner.via);
  }
  return needed;
}

/** What pressing Import saves: the chosen entries and the jump hosts they need, those that change something. */
export function importedRows(rows: readonly ImportRow[], chosen: ReadonlySet<string>): ImportRow[] {
  const needed = neededJumpHosts(rows, chosen);
  return rows.filter((row) => (chosen.has(row.key) || needed.has(row.key)) && changesSomething(row));
}

/** "2 hosts added, 1 updated, 3 unchanged." — only what happened. */
export function resultText(actions: readonly ImportAction[]): string {
  const words: [ImportAction['action'], string][] = [
    ['create', 'added'],
    ['update', 'updated'],
    ['unchanged', 'unchanged'],
    ['skip', 'skipped'],
  ];
  const parts = words.flatMap(([action, word]) => {
    const count = actions.filter((entry) => entry.action === action).length;
    return count > 0 ? [{ count, word }] : [];
  });
  if (parts.length === 0) return 'Nothing was imported.';
  return `${parts.map(({ count, word }, index) => (index === 0 ? `${count} ${count === 1 ? 'host' : 'hosts'} ${word}` : `${count} ${word}`)).join(', ')}.`;
}

/** The largest file read: other clients' files are far smaller, and main takes no more text than this. */
export const MAX_IMPORT_FILE_BYTES = 4 * 1024 * 1024;

/**
 * A chosen file as text: UTF-16 with a byte-order mark (what Windows' registry editor writes),
 * UTF-8, or else Windows-1252 (an older MobaXterm.ini). A file too large or not text is refused
 * with a sentence saying so.
 */
export async function readImportFile(file: {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}): Promise<{ text: string } | { problem: string }> {
  if (file.size > MAX_IMPORT_FILE_BYTES) {
    return { problem: `${file.name} is larger than 4 MiB, far more than a list of sessions: choose the file the other client exported.` };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = decode(bytes);
  if (text.includes('\u0000')) return { problem: `${file.name} is not a text file: choose the file the other client exported.` };
  return { text };
}

function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
