import ElectronStore from 'electron-store';
import { type KeyValueFile, STORE_FILE_MODE, type StoreBackendFactory, writeStoreFile } from '../storage/store-backend';

/** electron-store in the app: the same files and schemas the CLI and the bridge read through conf. */
export function electronStoreBackend(): StoreBackendFactory {
  return ({ name, cwd }): KeyValueFile => {
    const store = new ElectronStore<Record<string, unknown>>({
      name,
      cwd,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
      configFileMode: STORE_FILE_MODE,
    });
    return {
      path: store.path,
      get: (key) => store.get(key),
      set: (key, value) => writeStoreFile(store.path, { ...store.store, [key]: value }),
      get store() {
        return store.store;
      },
      // Written by Jumpgate's own atomic writer (links kept, special files never replaced), as the CLI's.
      set store(value) {
        writeStoreFile(store.path, value);
      },
    };
  };
}
