import { openTabChannel } from '../account/tabChannel.js'
import { isPage, watchPageHide } from '../persistence/pageHide.js'
import { createUnloadCopies } from '../persistence/unloadCopies.js'
import type { PlatformHost } from './platformHost.js'

/**
 * Browsers (and Node, which has no page: then nothing here is active). As a page is hidden or left,
 * each account whose storage is behind copies its record to localStorage synchronously (a write to
 * IndexedDB started then does not finish) and marks a clean stop there when everything is kept; tabs of
 * one origin tell each other what they applied over a `BroadcastChannel`.
 */
export function createPlatformHost({ storageKey }: { storageKey(account: string): string }): PlatformHost {
  const page = isPage()
  const unloadCopies = page ? createUnloadCopies(storageKey) : undefined
  return {
    unloadCopies,
    // Only pages have tabs: elsewhere nothing is posted (Node has BroadcastChannel too).
    openTabChannel: (account) => (page ? openTabChannel(storageKey(account)) : undefined),
    changed: (account) => unloadCopies?.unmarkClean(account),
    attach: (engine) =>
      watchPageHide(() => {
        engine.saveUnloadCopies()
        for (const sync of engine.accounts.values()) void sync.persistNow()
      }),
  }
}
