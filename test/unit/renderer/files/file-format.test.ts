import { describe, expect, it } from 'vitest';
import { describeCount, formatBytes, formatEta, formatMode, formatOctal, formatRate, formatTime, parseOctal } from '../../../../renderer/files/file-format';

describe('file-format', () => {
  it('writes sizes in decimal units, one decimal below 100', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(12_000_000)).toBe('12 MB');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatBytes(240_000_000_000)).toBe('240 GB');
    expect(formatRate(5_100_000)).toBe('5.1 MB/s');
  });

  it('writes what is left as a person reads it', () => {
    expect(formatEta(0.2)).toBe('1 s');
    expect(formatEta(59)).toBe('59 s');
    expect(formatEta(125)).toBe('2 min 05 s');
    expect(formatEta(4800)).toBe('1 h 20 min');
  });

  it('writes modes as ls does, special bits included', () => {
    expect(formatMode('directory', 0o755)).toBe('drwxr-xr-x');
    expect(formatMode('file', 0o644)).toBe('-rw-r--r--');
    expect(formatMode('symlink', 0o777)).toBe('lrwxrwxrwx');
    expect(formatMode('file', 0o4755)).toBe('-rwsr-xr-x');
    expect(formatMode('directory', 0o2770)).toBe('drwxrws---');
    expect(formatMode('directory', 0o1777)).toBe('drwxrwxrwt');
    expect(formatMode('file', 0o4644)).toBe('-rwSr--r--');
    expect(formatMode('directory', 0o1776)).toBe('drwxrwxrwT');
  });

  it('reads and writes octal modes', () => {
    expect(formatOctal(0o644)).toBe('644');
    expect(formatOctal(0o40755)).toBe('755');
    expect(formatOctal(0o2775)).toBe('2775');
    expect(formatOctal(0o7)).toBe('007');
    expect(parseOctal('0755')).toBe(0o755);
    expect(parseOctal(' 640 ')).toBe(0o640);
    expect(parseOctal('78')).toBeUndefined();
    expect(parseOctal('rwx')).toBeUndefined();
    expect(parseOctal('12345')).toBeUndefined();
  });

  it('writes times as YYYY-MM-DD HH:MM in local time', () => {
    const at = new Date(2026, 10, 23, 14, 5).getTime() / 1000;
    expect(formatTime(at)).toBe('2026-11-23 14:05');
    expect(formatTime(Number.NaN)).toBe('');
  });

  it('says what a deletion removes', () => {
    expect(describeCount({ files: 3, directories: 1, bytes: 12_000_000 })).toBe('3 files and 1 folder (12 MB)');
    expect(describeCount({ files: 1, directories: 0, bytes: 10 })).toBe('1 file (10 B)');
    expect(describeCount({ files: 0, directories: 2, bytes: 0 })).toBe('2 folders (0 B)');
  });
});
