import { safeStorage } from 'electron';
import type { OsEncryption } from '../storage/vault';

/** Electron's safeStorage as the vault sees it. Linux's plain-text fallback is reported, never trusted. */
export function electronOsEncryption(): OsEncryption {
  const backend = (): 'available' | 'basic_text' | 'unavailable' => {
    if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return 'basic_text';
    return 'available';
  };
  return {
    isEncryptionAvailable: () => backend() === 'available',
    backend,
    encryptString: (text) => safeStorage.encryptString(text),
    decryptString: (data) => safeStorage.decryptString(data),
  };
}
