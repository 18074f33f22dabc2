import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** bcrypt_pbkdf costs about a second at OpenSSH's 16 rounds in JavaScript: never on the thread that serves the windows. */
const DERIVE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.module);
const out = new Uint8Array(workerData.length);
const pass = workerData.pass;
const result = bcrypt.pbkdf(pass, pass.length, workerData.salt, workerData.salt.length, out, out.length, workerData.rounds);
parentPort.postMessage(result === 0 ? out : null);
`;

let modulePath: string | undefined;

/** OpenBSD's bcrypt_pbkdf on a worker thread; undefined when the arguments are refused. */
export function bcryptPbkdf(passphrase: string, salt: Uint8Array, rounds: number, length: number): Promise<Buffer | undefined> {
  modulePath ??= createRequire(import.meta.url).resolve('bcrypt-pbkdf');
  const pass = new Uint8Array(Buffer.from(passphrase, 'utf8'));
  return new Promise((resolve, reject) => {
    const worker = new Worker(DERIVE_WORKER, { eval: true, workerData: { module: modulePath, pass, salt: new Uint8Array(salt), rounds, length } });
    worker.once('message', (out: Uint8Array | null) => {
      pass.fill(0);
      resolve(out === null ? undefined : Buffer.from(out));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', () => reject(new Error('the key derivation worker ended')));
  });
}
