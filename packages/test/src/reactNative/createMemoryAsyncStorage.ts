/** The API of `@react-native-async-storage/async-storage` that WalletConnect's React Native storage uses. */
export type AsyncStorageLike = {
  getItem(key: string): Promise<string | null>
  setItem(key: string, value: string): Promise<void>
  removeItem(key: string): Promise<void>
  getAllKeys(): Promise<readonly string[]>
  multiGet(keys: readonly string[]): Promise<readonly [string, string | null][]>
}

export type MemoryAsyncStorage = AsyncStorageLike & {
  /** The rows. */
  data: Map<string, string>
  /** From now on every write is dropped (the app was killed); `thaw` takes writes again. */
  freeze(): void
  thaw(): void
}

/**
 * AsyncStorage in memory, as React Native's behaves for what is stored: string values only (anything
 * else is refused), every call asynchronous. It outlives an app's restarts within one test.
 */
export function createMemoryAsyncStorage(): MemoryAsyncStorage {
  const data = new Map<string, string>()
  let frozen = false
  return {
    data,
    freeze: () => {
      frozen = true
    },
    thaw: () => {
      frozen = false
    },
    async getItem(key) {
      return data.get(key) ?? null
    },
    async setItem(key, value) {
      if (typeof value !== 'string') throw new TypeError(`AsyncStorage takes strings, got ${typeof value}`)
      if (!frozen) data.set(key, value)
    },
    async removeItem(key) {
      if (!frozen) data.delete(key)
    },
    async getAllKeys() {
      return [...data.keys()]
    },
    async multiGet(keys) {
      return keys.map((key): [string, string | null] => [key, data.get(key) ?? null])
    },
  }
}
