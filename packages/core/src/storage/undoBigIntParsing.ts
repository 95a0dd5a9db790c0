import type { ChatSyncStorage } from '../engine/chatSyncCore.js'

/**
 * The WalletConnect core's own storage (`core.storage`, `@walletconnect/keyvaluestorage`) with what its
 * React Native build does wrong undone. It stores values as JSON text and reads them back through a
 * parser that first rewrites every run of 17 or more digits followed by `,`, `}` or `]` into a quoted
 * BigInt, inside strings too: a chat value with such a number (an invite message quoting a card or
 * account number) breaks the whole record's JSON, and the parser then hands back the raw text. That text
 * is the value as it was written: parsed here, the record loads as stored. Values the parser read
 * correctly come through untouched, as do strings that are not JSON.
 */
export function undoBigIntParsing(storage: ChatSyncStorage): ChatSyncStorage {
  return {
    async getItem<T>(key: string) {
      const value = await storage.getItem<unknown>(key)
      if (typeof value !== 'string') return value as T | undefined
      try {
        return JSON.parse(value) as T
      } catch {
        return value as T
      }
    },
    setItem: (key, value) => storage.setItem(key, value),
    removeItem: (key) => storage.removeItem(key),
  }
}
