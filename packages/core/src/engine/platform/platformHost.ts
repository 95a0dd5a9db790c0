import type { AccountSync } from '../account/accountSync.js'
import type { TabChannel } from '../account/tabChannel.js'
import type { ChatSyncCore, ChatSyncStorage } from '../chatSyncCore.js'
import type { UnloadCopies } from '../persistence/unloadCopies.js'

/** The part of the engine a platform host works with. */
export type PlatformHostEngine = {
  readonly core: ChatSyncCore
  readonly storage: ChatSyncStorage
  readonly accounts: ReadonlyMap<string, AccountSync>
  storageKey(account: string): string
  /** Each account whose storage is behind writes its record to the unload copy (pages only). */
  saveUnloadCopies(): void
  /** Opens the relay connection now if it is closed (the core would otherwise wait for its next heartbeat). */
  preconnect(): void
}

/**
 * What differs between the platforms an app runs on: how it learns that it is going away (a page's
 * `pagehide`, React Native's `AppState`), where it keeps what must survive that synchronously (a page's
 * localStorage), and whether there are other tabs to tell. Chosen by package.json `imports`
 * (`#platform-host`): `createPlatformHost.native.ts` under the `react-native` condition, the page one
 * elsewhere (browsers, and Node, where it finds no page and does nothing).
 */
export type PlatformHost = {
  /** Copies kept synchronously as a page goes (its localStorage); `undefined` where there are none. */
  readonly unloadCopies: UnloadCopies | undefined
  /** The account's channel to its engines in other tabs on the same storage, where there are tabs. */
  openTabChannel(account: string): TabChannel | undefined
  /** `account` applied something (a message arrived, its state changed): a clean mark no longer holds. */
  changed(account: string): void
  /** Starts following the app going away and coming back; returns the detach. */
  attach(engine: PlatformHostEngine): () => void
}
