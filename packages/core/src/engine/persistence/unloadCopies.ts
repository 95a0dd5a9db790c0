/**
 * Copies of account records in the page's localStorage, written synchronously as the page is hidden or
 * left (or the client destroyed) while storage is behind: a write to IndexedDB that starts while the page
 * unloads does not finish. The next load merges a copy in; the next write that reaches storage makes it
 * unnecessary. Records here never carry the signature.
 */
export type UnloadCopies = {
  save(account: string, record: unknown): void
  /** The copy of `account`'s record, parsed, if there is one. */
  read(account: string): unknown
  /** Whether `account` may have a copy this client saved or read (no localStorage access). */
  has(account: string): boolean
  /** A write of `account`'s record reached storage: its copy, if this client knows of one, goes. */
  saved(account: string): void
  /** Removes `account`'s copy whether or not this client knows of one (the account is forgotten). */
  remove(account: string): void
}

/** The page's localStorage, where there is one and it may be used (not in every sandboxed frame). */
function pageLocalStorage() {
  try {
    return (globalThis as { localStorage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> }).localStorage
  } catch {
    return undefined
  }
}

/** Copies under `keyOf(account) + '//unload'`; `undefined` without a localStorage. */
export function createUnloadCopies(keyOf: (account: string) => string): UnloadCopies | undefined {
  const storage = pageLocalStorage()
  if (!storage) return undefined
  const key = (account: string) => `${keyOf(account)}//unload`
  /** Accounts whose copy may still be there. */
  const held = new Set<string>()
  // localStorage may be full or unavailable: a copy is a fallback, so failing to keep one is not an error.
  const attempt = (action: () => void) => {
    try {
      action()
    } catch {}
  }
  const remove = (account: string) => {
    held.delete(account)
    attempt(() => storage.removeItem(key(account)))
  }
  return {
    save(account, record) {
      attempt(() => {
        storage.setItem(key(account), JSON.stringify(record))
        held.add(account)
      })
    },
    read(account) {
      let record: unknown
      attempt(() => {
        const text = storage.getItem(key(account))
        record = text ? JSON.parse(text) : undefined
      })
      if (record !== undefined) held.add(account)
      return record
    },
    has: (account) => held.has(account),
    saved(account) {
      if (held.has(account)) remove(account)
    },
    remove,
  }
}
