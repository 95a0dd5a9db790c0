import { createUnsyncedKeys } from './account/createUnsyncedKeys.js'
import type { AccountSnapshot } from './accountSnapshot.js'
import type { ChatSyncStorage } from './chatSyncCore.js'
import type { RestoredAccount } from './persistence/persistedAccount.js'
import type { RelayConnectionStatus } from './relay/relayConnectionStatus.js'

/**
 * What a device shows and accepts before an account it synced before is live: the core may still be
 * starting (a sign client restoring its sessions), and the keys are found only then. Meanwhile the stored
 * state is shown (`previews`), writes wait for the account (`activating`), and which account this device
 * used last (`recent`) lets an app show it before it knows the wallet's account.
 */
export type Startup = {
  /** Settles once the core is started (the app's `coreReady`, or at once). */
  readonly coreReady: Promise<void>
  /** Whether `coreReady` has settled. */
  readonly isCoreReady: boolean
  /** The stored state of each account on its way to being live. */
  readonly previews: Map<string, AccountSnapshot>
  /** Accounts on their way to being live: settles once live (or given up). */
  readonly activating: Map<string, Promise<void>>
  /** The stored state of `account`, shown as it was when stored (`syncing`, `restored`). */
  preview(
    account: string,
    stored: Pick<RestoredAccount, 'stores' | 'outbox'>,
    connection: RelayConnectionStatus,
  ): void
  /** The account this device made live last, and updates of it. */
  recent: {
    get(): Promise<string | undefined>
    set(account: string): Promise<void>
    clear(account: string): Promise<void>
    /** Settles once its writes so far are done (`destroy` waits for them). */
    settled(): Promise<void>
  }
}

export function createStartup({
  coreReady,
  storage,
  key,
  onPreview,
}: {
  coreReady: PromiseLike<unknown> | undefined
  storage: ChatSyncStorage
  /** The storage key of the recent account. */
  key: string
  onPreview(account: string): void
}): Startup {
  let isCoreReady = coreReady === undefined
  const ready = Promise.resolve(coreReady).then(
    () => undefined,
    () => undefined,
  )
  void ready.then(() => {
    isCoreReady = true
  })
  const previews = new Map<string, AccountSnapshot>()
  /** The recent account's writes, one after the other (callers need not wait for them). */
  let writing: Promise<void> = Promise.resolve()
  const queue = (write: () => Promise<void>) => {
    writing = writing.then(write, write)
    return writing
  }
  return {
    coreReady: ready,
    get isCoreReady() {
      return isCoreReady
    },
    previews,
    activating: new Map(),
    preview(account, { stores, outbox }, connection) {
      previews.set(
        account,
        Object.freeze({
          status: 'syncing',
          stores,
          unsynced: createUnsyncedKeys(outbox).get(),
          restored: true,
          connection,
        }),
      )
      onPreview(account)
    },
    recent: {
      async get() {
        const value = await storage.getItem(key).catch(() => undefined)
        return typeof value === 'string' && value ? value : undefined
      },
      set: (account) => queue(() => storage.setItem(key, account).catch(() => undefined)),
      clear: (account) =>
        queue(async () => {
          if ((await storage.getItem(key).catch(() => undefined)) === account)
            await storage.removeItem(key).catch(() => undefined)
        }),
      settled: () => writing,
    },
  }
}
