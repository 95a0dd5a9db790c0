/**
 * Copies of account records in the page's localStorage, written synchronously as the page is hidden or
 * left (or the client destroyed) while storage is behind: a write to IndexedDB that starts while the page
 * unloads does not finish. The next load merges a copy in; the next write that reaches storage makes it
 * unnecessary. Records here never carry the signature.
 */
export type UnloadCopies = {
  /** Keeps `record` as `account`'s copy; `false` when it could not be kept (localStorage full, say). */
  save(account: string, record: unknown): boolean
  /** The copy of `account`'s record, parsed, if there is one. */
  read(account: string): unknown
  /** Whether `account` may have a copy this client saved or read (no localStorage access). */
  has(account: string): boolean
  /** A write of `account`'s record reached storage: its copy, if this client knows of one, goes. */
  saved(account: string): void
  /** Removes `account`'s copy whether or not this client knows of one (the account is forgotten). */
  remove(account: string): void
  /**
   * Leaves `token` (the account's reader marker token) as the page goes with everything it applied kept
   * (in storage or in its copy): the next load of the page then needs no rebuild (see `readerMarker.ts`).
   */
  markClean(account: string, token: string): void
  /** Something arrived after the page was marked clean: the mark no longer holds. */
  unmarkClean(account: string): void
  /** The token the page left, read once (it is removed: the next start marks anew). */
  takeCleanToken(account: string): string | undefined
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
  const cleanKey = (account: string) => `${keyOf(account)}//clean`
  /** Accounts marked clean since the page was last shown. */
  const marked = new Set<string>()
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
      // This copy, not an older one still there: the caller marks the page clean on it.
      let kept = false
      attempt(() => {
        storage.setItem(key(account), JSON.stringify(record))
        held.add(account)
        kept = true
      })
      return kept
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
    markClean(account, token) {
      attempt(() => {
        storage.setItem(cleanKey(account), token)
        marked.add(account)
      })
    },
    unmarkClean(account) {
      if (!marked.delete(account)) return
      attempt(() => storage.removeItem(cleanKey(account)))
    },
    takeCleanToken(account) {
      let token: string | null = null
      attempt(() => {
        token = storage.getItem(cleanKey(account))
        storage.removeItem(cleanKey(account))
      })
      marked.delete(account)
      return token ?? undefined
    },
  }
}
