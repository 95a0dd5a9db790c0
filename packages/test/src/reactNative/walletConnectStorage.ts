import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { IKeyValueStorage } from '@walletconnect/keyvaluestorage'
import type { AsyncStorageLike } from './createMemoryAsyncStorage.js'

const require = createRequire(import.meta.url)

/**
 * The storage a WalletConnect core has in a React Native app (`core.storage`, chatsync's default there):
 * `@walletconnect/keyvaluestorage`'s React Native build, its own code, on `asyncStorage` in place of
 * `@react-native-async-storage/async-storage`. Node cannot resolve that module, so the build is loaded
 * here with a `require` that hands it over. (On Hermes, `walletConnectStorage.hermes.ts` bundles it.)
 */
export function createWalletConnectStorage(asyncStorage: AsyncStorageLike): IKeyValueStorage {
  const file = require.resolve('@walletconnect/keyvaluestorage/dist/react-native/index.js')
  const module = { exports: {} as { KeyValueStorage: new () => IKeyValueStorage } }
  const load = new Function('require', 'module', 'exports', readFileSync(file, 'utf8'))
  load(
    (id: string) =>
      id === '@react-native-async-storage/async-storage' ? { default: asyncStorage } : require(id),
    module,
    module.exports,
  )
  return new module.exports.KeyValueStorage()
}
