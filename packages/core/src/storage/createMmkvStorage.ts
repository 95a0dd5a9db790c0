import type { ChatSyncStorage } from '../engine/chatSyncCore.js'
import { BaseError } from '../errors/base.js'

/** The part of a `react-native-mmkv` instance used (`delete` in versions 2 and 3, `remove` from 4). */
export type MmkvInstance = {
  getString(key: string): string | undefined
  set(key: string, value: string): void
  delete?(key: string): void
  remove?(key: string): unknown
}

export type CreateMmkvStorageParameters = {
  /** The app's MMKV instance (`new MMKV()` or `createMMKV()`), or a dedicated one for chatsync. */
  mmkv: MmkvInstance
}

/**
 * Chat sync storage on `react-native-mmkv`, for React Native apps that keep their state there rather
 * than in AsyncStorage (`core.storage`, the default). Values are stored as JSON text. MMKV writes
 * synchronously: a change is on disk when its write settles.
 *
 * ```ts
 * import { createMMKV } from 'react-native-mmkv'
 * const client = createChatSync({ core, storage: createMmkvStorage({ mmkv: createMMKV({ id: 'chatsync' }) }) })
 * ```
 */
export function createMmkvStorage({ mmkv }: CreateMmkvStorageParameters): ChatSyncStorage {
  const { getString, set } = mmkv ?? {}
  const remove = mmkv?.remove ?? mmkv?.delete
  if (typeof getString !== 'function' || typeof set !== 'function' || typeof remove !== 'function') {
    throw new BaseError('createMmkvStorage needs a react-native-mmkv instance.', {
      details: 'Expected getString(key), set(key, value) and remove(key) or delete(key).',
    })
  }
  return {
    async getItem<T>(key: string) {
      const text = getString.call(mmkv, key)
      return text === undefined ? undefined : (JSON.parse(text) as T)
    },
    async setItem(key, value) {
      set.call(mmkv, key, JSON.stringify(value))
    },
    async removeItem(key) {
      remove.call(mmkv, key)
    },
  }
}
