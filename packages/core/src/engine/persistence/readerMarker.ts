import { isRecord } from '../../isRecord.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { siblingKey } from './accountStorage.js'

/*
 * Whether this device may have lost messages the relay counts as delivered. The relay's mailbox is per
 * client id, and delivery is counted early: the core acknowledges a pushed message as it arrives, and a
 * fetched page counts as delivered when it is sent. A device that stops before it has stored what it was
 * handed never gets those messages again under the same client id.
 *
 * So before its client id reads an account's topics, the engine writes a marker (`clean: false`), and
 * only a clean stop, once everything it applied is stored, sets `clean: true` (`destroy()`; in a page, a
 * token in localStorage as the page goes). The next start under the same client id after anything else
 * (a crash, a kill, a lost or unreadable record) rebuilds the account from the relay under a fresh
 * client identity, which is handed every message the relay still stores.
 */
export type ReaderMarker = { clientId: string; clean: boolean; token: string }

export const readerMarkerKey = (storageKey: string) => siblingKey(storageKey, 'reader')

function readMarker(raw: unknown): ReaderMarker | undefined {
  if (!isRecord(raw)) return undefined
  const { clientId, clean, token } = raw
  if (typeof clientId !== 'string' || typeof clean !== 'boolean' || typeof token !== 'string')
    return undefined
  return { clientId, clean, token }
}

export type BeginReadingParameters = {
  storage: ChatSyncStorage
  storageKey: string
  clientId: string
  /** A record of the account was found on this device (a restore, not a first registration). */
  hasRecord: boolean
  /** The token a page left as it went (see `unloadCopies`), if any. */
  cleanToken: string | undefined
}

/**
 * Reads the marker, decides whether the account must be rebuilt from the relay, and marks this start
 * (awaited: before anything is read from the relay). Returns the new marker and the decision.
 */
export async function beginReading({
  storage,
  storageKey,
  clientId,
  hasRecord,
  cleanToken,
}: BeginReadingParameters): Promise<{ marker: ReaderMarker; rebuild: boolean }> {
  const key = readerMarkerKey(storageKey)
  let previous: ReaderMarker | undefined
  try {
    previous = readMarker(await storage.getItem(key))
  } catch {
    previous = undefined
  }
  const cleanBefore = !!previous && (previous.clean || previous.token === cleanToken)
  // Another client id (the core's storage was reset) has been handed nothing yet. No marker and no record:
  // a first registration under this id. No marker but a record: kept by a version without markers.
  const rebuild = previous ? previous.clientId === clientId && !cleanBefore : hasRecord
  const marker: ReaderMarker = { clientId, clean: false, token: randomToken() }
  await storage.setItem(key, marker)
  return { marker, rebuild }
}

/** A clean stop: everything applied is stored. */
export async function markClean(storage: ChatSyncStorage, storageKey: string, marker: ReaderMarker) {
  await storage.setItem(readerMarkerKey(storageKey), { ...marker, clean: true })
}

function randomToken(): string {
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
