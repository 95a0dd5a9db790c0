import type { ChatSyncStorage } from '@chatsync/core'

/**
 * Storage in memory that outlives a device's restarts in one process, its values copied like a real
 * storage's; `freeze` makes it drop every write from then on (a kill), `thaw` takes writes again.
 */
export function createSurvivingStorage() {
  const data = new Map<string, unknown>()
  let frozen = false
  const storage: ChatSyncStorage = {
    async getItem<T>(key: string) {
      return structuredClone(data.get(key)) as T | undefined
    },
    async setItem(key, value) {
      if (!frozen) data.set(key, structuredClone(value))
    },
    async removeItem(key) {
      if (!frozen) data.delete(key)
    },
  }
  return {
    storage,
    data,
    freeze: () => {
      frozen = true
    },
    thaw: () => {
      frozen = false
    },
  }
}
