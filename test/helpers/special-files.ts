import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeNullDevice } from './null-device';
import { makeTempDir } from './temp-dir';

/** Paths that are not regular files, as tests of "read if it can be, never written or replaced" make them. */
export type SpecialKind = 'a FIFO' | 'a folder' | 'a character device like /dev/null';

/** Makes `file` a path of that kind; the function it returns says whether it is still what it was. */
export function makeSpecialFile(file: string, kind: SpecialKind): () => boolean {
  if (kind === 'a FIFO') {
    execFileSync('mkfifo', [file]);
    return () => lstatSync(file).isFIFO();
  }
  if (kind === 'a folder') {
    mkdirSync(file);
    return () => lstatSync(file).isDirectory() && readdirSync(file).length === 0;
  }
  renameSync(makeNullDevice(dirname(file))!, file);
  return () => lstatSync(file).isCharacterDevice();
}

/** The device case needs root and a container that allows mknod. */
function canMakeDevices(): boolean {
  const probe = makeTempDir('mknod-probe');
  try {
    return makeNullDevice(probe.path) !== undefined;
  } finally {
    probe.dispose();
  }
}

/** Every kind this machine lets a test make. */
export function specialKinds(): SpecialKind[] {
  return ['a FIFO', 'a folder', ...(canMakeDevices() ? ['a character device like /dev/null' as const] : [])];
}
