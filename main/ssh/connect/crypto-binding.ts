import { createRequire } from 'node:module';

/**
 * Whether ssh2 loaded its native crypto binding. Without it ssh2 silently falls back to
 * JavaScript crypto, which costs 15–50 % of transfer speed, so diagnostics say which it is.
 */
export function isNativeCryptoLoaded(): boolean {
  try {
    const require = createRequire(import.meta.url);
    const crypto = require('ssh2/lib/protocol/crypto.js') as { bindingAvailable?: boolean };
    return crypto.bindingAvailable === true;
  } catch {
    return false;
  }
}
