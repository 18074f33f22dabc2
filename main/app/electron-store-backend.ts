import ElectronStore from 'electron-store';
import { type KeyValueFile, STORE_FILE_MODE, type StoreBackendFactory } from '../storage/store-backend';

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
      set: (key, value) => store.set(key, value),
      get store() {
        return store.store;
      },
      set store(value) {
        store.store = value;
      },
    };
  };
}
