import type { Algorithms } from 'ssh2';
import { sanitizeUntrusted } from '../../../shared/base/untrusted-text';

/**
 * Explicit algorithm lists, modern first. ssh2's defaults include SHA-1 host key signatures,
 * hmac-sha1 and pre-auth zlib; we offer those only when a profile opts in for a legacy device,
 * and never retry with weaker algorithms on our own.
 */
const MODERN = {
  kex: [
    'curve25519-sha256',
    'curve25519-sha256@libssh.org',
    'ecdh-sha2-nistp256',
    'ecdh-sha2-nistp384',
    'ecdh-sha2-nistp521',
    'diffie-hellman-group-exchange-sha256',
    'diffie-hellman-group16-sha512',
    'diffie-hellman-group18-sha512',
    'diffie-hellman-group14-sha256',
  ],
  serverHostKey: ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256'],
  // AES-GCM first: with AES-NI it is the fastest here, and it is not exposed to Terrapin.
  cipher: ['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'chacha20-poly1305@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr'],
  hmac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512'],
  compress: ['none', 'zlib@openssh.com'],
};

const LEGACY_ADDITIONS = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'],
  serverHostKey: ['ssh-rsa', 'ssh-dss'],
  cipher: ['aes128-cbc', 'aes192-cbc', 'aes256-cbc', '3des-cbc'],
  hmac: ['hmac-sha1-etm@openssh.com', 'hmac-sha1'],
  compress: ['zlib'],
};

export interface AlgorithmChoice {
  legacy: boolean;
  /** An explicit cipher list (Ciphers), used as given, in its order. */
  ciphers?: string[];
  /** Host key types already in known_hosts for this host, offered first (OpenSSH does the same). */
  knownHostKeyTypes: string[];
}

export function chooseAlgorithms({ legacy, knownHostKeyTypes, ciphers }: AlgorithmChoice): Algorithms {
  const pick = (key: keyof typeof MODERN) => (legacy ? [...MODERN[key], ...LEGACY_ADDITIONS[key]] : [...MODERN[key]]);
  const serverHostKey = preferKnown(pick('serverHostKey'), knownHostKeyTypes);
  return {
    kex: pick('kex'),
    serverHostKey,
    cipher: ciphers && ciphers.length > 0 ? ciphers : pick('cipher'),
    hmac: pick('hmac'),
    compress: pick('compress'),
  } as Algorithms;
}

/** Host key algorithms that can produce a key of the given known_hosts key type. */
export function algorithmsForKeyType(keyType: string): string[] {
  if (keyType === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return [keyType];
}

function preferKnown(offer: string[], knownTypes: string[]): string[] {
  if (knownTypes.length === 0) return offer;
  const preferred = knownTypes.flatMap(algorithmsForKeyType).filter((name) => offer.includes(name));
  return [...new Set([...preferred, ...offer])];
}

/** Whether a negotiated cipher/MAC pair is exposed to the Terrapin prefix-truncation attack. */
export function isTerrapinExposed(cipher: string, mac: string): boolean {
  if (cipher === 'chacha20-poly1305@openssh.com') return true;
  return cipher.endsWith('-cbc') && mac.endsWith('-etm@openssh.com');
}

/**
 * The Terrapin warning for a hop, with advice that fits the server it is: its identification
 * line (`SSH-2.0-<software> <comments>`) names the software, untrusted and shown as such.
 */
export function terrapinWarning(hop: string, cipher: string, identification: string | undefined): string {
  const software = /^SSH-[\d.]+-(\S+)/.exec(identification ?? '')?.[1];
  const advice =
    software === undefined
      ? "Update the server's SSH software to a release with strict key exchange."
      : /^OpenSSH_/i.test(software)
        ? `Update the server's OpenSSH (it reports "${quoted(software)}") to 9.6 or a package with the Terrapin fix.`
        : `Update the server's SSH software (it reports "${quoted(software)}") to a release with strict key exchange.`;
  return `${hop} does not offer strict key exchange and the negotiated cipher (${cipher}) is exposed to the Terrapin attack (CVE-2023-48795). ${advice}`;
}

function quoted(text: string): string {
  return sanitizeUntrusted(text).replaceAll('"', "'").slice(0, 60);
}
