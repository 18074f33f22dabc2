import type { KeyKind } from '../../shared/model/ssh-keys';

/** ssh-keygen's default file name for a kind: id_ed25519, id_ecdsa, id_rsa. */
export function baseKeyName(kind: KeyKind): string {
  return `id_${kind}`;
}

/** The default name for a new key: id_ed25519, else id_ed25519_2, _3… (the first not taken, .pub included). */
export function defaultKeyName(kind: KeyKind, taken: ReadonlySet<string>): string {
  const base = baseKeyName(kind);
  const isFree = (name: string) => !taken.has(name) && !taken.has(`${name}.pub`);
  if (isFree(base)) return base;
  for (let n = 2; ; n++) if (isFree(`${base}_${n}`)) return `${base}_${n}`;
}

/** How a key file is named in a saved host's identity files. */
export function identityPathOf(name: string): string {
  return `~/.ssh/${name}`;
}
