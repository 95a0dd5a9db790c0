import { StorageError } from '../../errors/engine.js'
import { CHAT_STORE_IDS, type ChatStoreId } from '../../stores/catalogue.js'
import type { ChatSyncStores } from '../accountSnapshot.js'
import type { OutboxItem } from '../changes/outboxItem.js'
import type { PersistDelta } from '../changes/persistDelta.js'
import type { ChatSyncStorage } from '../chatSyncCore.js'
import { ENGINE_LIMITS } from '../limits.js'
import type { StoragePosition } from './accountStorage.js'
import { createAccountWriter } from './createAccountWriter.js'
import { createPersister } from './createPersister.js'
import { encodePersistedAccount, type PersistedAccount } from './persistedAccount.js'
import { markClean, type ReaderMarker } from './readerMarker.js'

export type AccountSaving = ReturnType<typeof createAccountSaving>

/** What the account's record holds beside its state, and where storage holds the account. */
export type AccountSavingInit = {
  /** Written only with `persistSignature`. Secret. */
  signature: string | undefined
  topics: Record<ChatStoreId, string>
  /** Where the account is on storage (a loaded one); a new one is written as a snapshot first. */
  position?: StoragePosition | undefined
  /** The first write is a snapshot. */
  snapshotFirst?: boolean | undefined
  /** This start's reader marker: set clean when the account stops cleanly. */
  marker: ReaderMarker
}

export type AccountSavingContext = {
  storage: ChatSyncStorage
  storageKey(account: string): string
  persistSignature: boolean
  /** The account's record reached storage. */
  onPersisted(account: string): void
  emitError(account: string, error: StorageError): void
}

/** How long saving must have been quiet before the account is settled (see `AccountWriter.settleNext`). */
export const SETTLE_AFTER_MS = 2_000

/**
 * Saving one account: what changed goes to the writer (journal entries and snapshots, crash-safe), and
 * the persister decides when it is written (`saved()` settles once a change is on storage). Once writes
 * have been quiet for `SETTLE_AFTER_MS`, the account is settled: storage keeps about what a snapshot of
 * the state takes, whatever the history. A clean stop writes what is left, settles, and then marks the
 * account clean.
 */
export function createAccountSaving({
  account,
  init,
  context,
  stores,
  outbox,
  copies,
  local,
}: {
  account: string
  init: AccountSavingInit
  context: AccountSavingContext
  /** The account's stores, pending writes folded in. */
  stores: () => ChatSyncStores
  /** The undelivered writes. */
  outbox: () => OutboxItem[]
  /** The keep-alive's copy times (JSON text). */
  copies: () => string
  /** Which entries hold a change written on this device (see `LocalWrites`). */
  local?: (() => ReadonlyMap<string, number>) | undefined
}) {
  const reportError = (cause: unknown) =>
    context.emitError(account, new StorageError({ operation: 'save', account, cause }))

  function record(withSignature: boolean): PersistedAccount {
    return encodePersistedAccount({
      account,
      signature: withSignature && context.persistSignature ? init.signature : undefined,
      topics: init.topics,
      stores: stores(),
      outbox: outbox(),
      copies: copies(),
      local: local?.(),
    })
  }

  const writer = createAccountWriter({
    storage: context.storage,
    base: context.storageKey(account),
    position: init.position,
    record: () => record(true),
    entryCount: () => {
      const current = stores()
      return CHAT_STORE_IDS.reduce(
        (sum, store: ChatStoreId) => sum + Object.keys(current[store].ids).length,
        0,
      )
    },
  })
  if (init.snapshotFirst) writer.snapshotNext()
  let quiet: ReturnType<typeof setTimeout> | undefined
  const persister = createPersister({
    delayMs: ENGINE_LIMITS.persistDelayMs,
    write: async () => {
      await writer.write()
      context.onPersisted(account)
      clearTimeout(quiet)
      if (writer.untidy) settleLater()
    },
    onError: reportError,
  })
  function settle() {
    writer.settleNext()
    persister.schedule()
  }
  function settleLater() {
    quiet = setTimeout(settle, SETTLE_AFTER_MS)
    // Tidying alone never keeps a Node process running.
    ;(quiet as { unref?: () => void }).unref?.()
  }
  // A loaded account may hold what an earlier run did not get to settle.
  if (init.position && writer.untidy) settleLater()

  return {
    record,
    reportError,
    /** What changed, for the next write. */
    add(delta: PersistDelta) {
      writer.add(delta)
      persister.schedule()
    },
    /** The next write is a whole snapshot. */
    snapshotSoon() {
      writer.snapshotNext()
      persister.schedule()
    },
    saved: () => persister.saved(),
    async saveNow() {
      persister.schedule()
      await persister.flush()
    },
    /** Whether a change has not reached storage yet. */
    get pending() {
      return persister.pending
    },
    get position() {
      return writer.position
    },
    /**
     * Stops saving. A stop that keeps the account (`forget` false) writes what is left first, and marks
     * the account clean when that worked and `caughtUp`. Nothing is written after this settles.
     */
    async stop(forget: boolean, caughtUp: boolean) {
      clearTimeout(quiet)
      const saved = !forget && (await persister.flush())
      if (saved && writer.untidy) {
        // Settling is tidying: the state is saved whether it works or not.
        settle()
        await persister.flush()
      }
      clearTimeout(quiet)
      await persister.cancel()
      if (saved && caughtUp) {
        await markClean(context.storage, context.storageKey(account), init.marker).catch(reportError)
      }
    },
  }
}
