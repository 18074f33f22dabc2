/* How the file manager writes sizes, times, modes and rates, as plain functions (tested without a DOM). */
import type { FileEntryData, TreeCount } from '../../shared/model';

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** 0 B, 999 B, 1.5 kB, 12 MB, 240 GB: decimal units, one decimal below 100. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const text = unit === 0 ? String(Math.round(value)) : value.toFixed(value >= 100 ? 0 : 1).replace(/\.0$/, '');
  return `${text} ${UNITS[unit]}`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** 4 s, 2 min 05 s, 1 h 20 min: what is left, as a person reads it. */
export function formatEta(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Seconds since the epoch as `2026-11-23 14:05`, in local time: sortable by eye, the same everywhere. */
export function formatTime(mtime: number): string {
  const date = new Date(mtime * 1000);
  if (Number.isNaN(date.getTime())) return '';
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

const TYPE_CHAR: Record<FileEntryData['type'], string> = { file: '-', directory: 'd', symlink: 'l', other: '?' };

/** `drwxr-xr-x` as ls prints it, setuid, setgid and sticky bits included (s/S, t/T). */
export function formatMode(type: FileEntryData['type'], mode: number): string {
  return TYPE_CHAR[type] + rwx(mode);
}

/** The nine permission letters (and the special bits) without the type character. */
export function rwx(mode: number): string {
  const special = [0o4000, 0o2000, 0o1000];
  const marks = ['s', 's', 't'];
  let text = '';
  for (let who = 0; who < 3; who++) {
    const bits = (mode >> (6 - who * 3)) & 7;
    const isSpecial = (mode & special[who]!) !== 0;
    const exec = bits & 1 ? (isSpecial ? marks[who]! : 'x') : isSpecial ? marks[who]!.toUpperCase() : '-';
    text += (bits & 4 ? 'r' : '-') + (bits & 2 ? 'w' : '-') + exec;
  }
  return text;
}

/** `755`, `4755`: the mode as chmod takes it. */
export function formatOctal(mode: number): string {
  const text = (mode & 0o7777).toString(8);
  return text.padStart(3, '0');
}

/** Parses what a person typed as an octal mode (`644`, `0755`, `2775`); undefined if it is not one. */
export function parseOctal(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[0-7]{3,4}$/.test(trimmed)) return undefined;
  return Number.parseInt(trimmed, 8);
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** `3 files and 1 folder (12 MB)`: what a deletion would remove. */
export function describeCount(count: TreeCount): string {
  const parts = [
    count.files > 0 ? plural(count.files, 'file', 'files') : '',
    count.directories > 0 ? plural(count.directories, 'folder', 'folders') : '',
  ].filter(Boolean);
  const what = parts.length === 0 ? 'nothing' : parts.join(' and ');
  return `${what} (${formatBytes(count.bytes)})`;
}

/** `1 item`, `4 items`. */
export function describeItems(count: number): string {
  return plural(count, 'item', 'items');
}
