// The React Native build (the bundle resolves the `react-native` field, as Metro does); the AsyncStorage
// module it imports is a stub here, replaced on each instance below.
import { type IKeyValueStorage, KeyValueStorage } from '@walletconnect/keyvaluestorage'
import type { AsyncStorageLike } from './createMemoryAsyncStorage.js'

/** See `walletConnectStorage.ts`: the same storage, bundled for Hermes. */
export function createWalletConnectStorage(asyncStorage: AsyncStorageLike): IKeyValueStorage {
  const storage = new KeyValueStorage() as unknown as IKeyValueStorage & { asyncStorage: AsyncStorageLike }
  storage.asyncStorage = asyncStorage
  return storage
}
