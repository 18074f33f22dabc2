import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Disposable } from '../../shared/base/disposable';

export interface RecordingHeader {
  cols: number;
  rows: number;
  term: string;
  title?: string;
  /**
   * Write what is typed too ("i" events). Off unless the person asked for it: typed input holds
   * passwords that no prompt heuristic reliably spots (echo off is invisible to the client).
   */
  withInput?: boolean;
}

/**
 * Writes a session as asciicast v2 (one JSON header line, then `[seconds, "o"|"i"|"r", data]`
 * lines), which asciinema plays back. Output and resizes always; input only `withInput`. Each event is appended as it happens, so a crash loses at
 * most the last line, and the file is readable while recording.
 */
export class AsciicastRecorder implements Disposable {
  private readonly fd: number;
  private readonly startedAt = performance.now();
  private isClosed = false;
  readonly withInput: boolean;

  constructor(
    readonly file: string,
    header: RecordingHeader,
    now: Date = new Date(),
  ) {
    this.withInput = header.withInput === true;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.fd = openSync(file, 'wx', 0o600);
    const line = {
      version: 2,
      width: header.cols,
      height: header.rows,
      timestamp: Math.floor(now.getTime() / 1000),
      env: { TERM: header.term },
      ...(header.title ? { title: header.title } : {}),
    };
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }

  output(text: string): void {
    this.event('o', text);
  }

  input(text: string): void {
    if (this.withInput) this.event('i', text);
  }

  resize(cols: number, rows: number): void {
    this.event('r', `${cols}x${rows}`);
  }

  dispose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    fsyncSync(this.fd);
    closeSync(this.fd);
  }

  private event(kind: 'o' | 'i' | 'r', data: string): void {
    if (this.isClosed) return;
    const seconds = Math.round(performance.now() - this.startedAt) / 1000;
    writeSync(this.fd, `${JSON.stringify([seconds, kind, data])}\n`);
  }
}
