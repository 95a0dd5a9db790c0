import { readerMarkerKey } from '../persistence/readerMarker.js'
import type { PlatformHostEngine } from './platformHost.js'

/**
 * Clean stops for an app that goes to the background and may be ended there without another word (React
 * Native). `hide()` writes what each account has pending and, when everything it applied is stored and
 * no catch-up is in progress, sets the account's reader marker clean (see `readerMarker.ts`): ended now,
 * the next start needs no rebuild. The first change after that (`changed()`, or `show()` as the app
 * comes back and reads again) sets it unclean again before anything else is written.
 *
 * Marker writes of one account run one after another, so a mark never lands after the unmark that
 * followed it. Between a message arriving and its unmark landing there is one storage write's time in
 * which an end of the process would lose it; a page's synchronous localStorage has the same window.
 */
export function createCleanMarks({
  engine,
  storageKey,
}: {
  engine: PlatformHostEngine
  storageKey(account: string): string
}) {
  /** Accounts marked clean, with their marker's token. */
  const marked = new Map<string, string>()
  /** Changes seen per account: a mark decided before a change must not be written. */
  const changes = new Map<string, number>()
  const writes = new Map<string, Promise<void>>()

  function writeMarker(account: string, clean: boolean, token: string): Promise<void> {
    const next = (writes.get(account) ?? Promise.resolve())
      .then(async () => {
        const clientId = await engine.core.crypto.getClientId()
        await engine.storage.setItem(readerMarkerKey(storageKey(account)), { clientId, clean, token })
      })
      // A mark that fails to land leaves the account unclean: the next start rebuilds, losing nothing.
      .catch(() => {})
    writes.set(account, next)
    void next.then(() => {
      if (writes.get(account) === next) writes.delete(account)
    })
    return next
  }

  function changed(account: string) {
    changes.set(account, (changes.get(account) ?? 0) + 1)
    const token = marked.get(account)
    if (token === undefined) return
    marked.delete(account)
    void writeMarker(account, false, token)
  }

  return {
    changed,
    /** The app is going to the background: write what is pending, then mark each account kept clean. */
    async hide(): Promise<void> {
      await Promise.all(
        [...engine.accounts.values()].map(async (sync) => {
          const { account } = sync
          // Applies the live messages waiting for their turn (a change, seen below).
          const { cleanToken } = sync.prepareToGo()
          const seen = changes.get(account) ?? 0
          await sync.persistNow().catch(() => {})
          const kept = cleanToken !== undefined && !sync.unsaved && (changes.get(account) ?? 0) === seen
          if (!kept || marked.has(account) || engine.accounts.get(account) !== sync) return
          marked.set(account, cleanToken)
          await writeMarker(account, true, cleanToken)
        }),
      )
    },
    /** The app is back: it reads again, so no account stays marked clean. */
    show() {
      for (const account of [...marked.keys()]) changed(account)
    },
  }
}
