// @chatsync/test/react-native: React Native's platform for tests under Node and on Hermes: AppState, an
// AsyncStorage, an MMKV instance, and WalletConnect's own React Native storage on top of AsyncStorage.
export { AppState, appStateListenerCount, setAppState } from './appState.js'
export {
  type AsyncStorageLike,
  createMemoryAsyncStorage,
  type MemoryAsyncStorage,
} from './createMemoryAsyncStorage.js'
export { createMemoryMmkv } from './createMemoryMmkv.js'
export { createWalletConnectStorage } from './walletConnectStorage.js'
