import { MutationObserver, onlineManager, QueryClient } from '@tanstack/query-core'
import { deleteStoreValueMutationOptions } from '../../src/actions/deleteStoreValue.js'
import { setStoreValueMutationOptions } from '../../src/actions/setStoreValue.js'
import type { ChatSyncClient } from '../../src/engine/types.js'
import { createChatSyncSession } from '../../src/session/createChatSyncSession.js'
import type { SessionWriteResult } from '../../src/session/types.js'
import { type ChatStoreId, parseStoreValue } from '../../src/stores/catalogue.js'
import { type ConfirmedWrite, digestOf } from './deviceState.js'

/** One write the parent asked for, by reference `ref`: through the client, or through a hook's mutation. */
export type StoreWriteCommand =
  | { cmd: 'set'; ref: number; store: ChatStoreId; value: unknown; via: StoreWriteVia }
  | { cmd: 'delete'; ref: number; store: ChatStoreId; key: string; via: StoreWriteVia }

/**
 * `client`: `client.set`/`client.delete`. `hook`: a hook's mutation. `hook-offline`: a hook's mutation
 * while TanStack's `onlineManager` says offline (the browser fired `offline`), whatever the relay
 * connection; it says online again once the mutation settled (unless the network is down).
 */
export type StoreWriteVia = 'client' | 'hook' | 'hook-offline'

export type StoreWriteEvent =
  /** The engine took the write (`set`/`delete` resolved, or the mutation ran): its key and id. */
  | { type: 'made'; ref: number; store: ChatStoreId; key: string; id: number; digest: string | null }
  /** A hook write's mutation changed state (TanStack's `status` and `isPaused`). */
  | { type: 'mutation'; ref: number; status: string; isPaused: boolean }
  /** The network went down or up: the core's transport, and TanStack's `onlineManager`. */
  | { type: 'network'; online: boolean }
  | {
      type: 'inspection'
      status: string
      connected: boolean
      outbox: number
      catchUp: string
      /** Why a device is not quiet: the outbox's sending, failures and backoff, the link's status. */
      detail: string
    }
  /** Its `saved` settled (a hook write: its mutation resolved); `index` is the write's `ref`. */
  | ({ type: 'confirmed'; index: number; by: 'saved' } & ConfirmedWrite)
  | { type: 'failed'; message: string }

export type CreateStoreWritesParameters = {
  client: ChatSyncClient
  core: { relayer: { transportOpen(): Promise<void>; transportClose(): Promise<void> } }
  account: string
  send(event: StoreWriteEvent): void
}

/**
 * The writes a device makes for the convergence test, as an app makes them: `client.set`/`client.delete`,
 * or a store hook's mutation (`setStoreValueMutationOptions` / `deleteStoreValueMutationOptions` run by a
 * TanStack `MutationObserver`, as `useThreads().set` does), with the network going down and up in
 * between (the core's `transportClose()`/`transportOpen()` together with TanStack's `onlineManager`, as a
 * browser's `offline`/`online` events would).
 */
export function createStoreWrites({ client, core, account, send }: CreateStoreWritesParameters) {
  const session = createChatSyncSession({ client, account, enableOnMount: false })
  const queryClient = new QueryClient()
  let networkOnline = true

  const made = (ref: number, store: ChatStoreId, result: SessionWriteResult, digest: string | null) => {
    const { key, id } = result
    send({ type: 'made', ref, store, key, id, digest })
    return { key, id }
  }
  const confirmed = (ref: number, store: ChatStoreId, key: string, id: number, digest: string | null) =>
    send({ type: 'confirmed', index: ref, by: 'saved', store, key, id, digest })

  async function write(command: StoreWriteCommand) {
    const { ref, store, via } = command
    let digest: string | null = null
    if (command.cmd === 'set') {
      const parsed = parseStoreValue(store, command.value)
      if (!parsed.ok) throw parsed.error
      digest = digestOf(parsed.value)
    }
    if (via === 'client') {
      const result =
        command.cmd === 'set'
          ? // biome-ignore lint/suspicious/noExplicitAny: the store id and its payload type vary together here.
            await client.set({ account, store, value: command.value as any })
          : await client.delete({ account, store, key: command.key })
      const { key, id } = made(ref, store, result, digest)
      result.saved.then(
        () => confirmed(ref, store, key, id, digest),
        () => {},
      )
      return
    }
    // A hook's write: not awaited here (a paused mutation must not hold the device's other commands).
    const observer =
      command.cmd === 'set'
        ? new MutationObserver(queryClient, setStoreValueMutationOptions(session, { store }))
        : new MutationObserver(queryClient, deleteStoreValueMutationOptions(session, { store }))
    observer.subscribe(({ status, isPaused }) => send({ type: 'mutation', ref, status, isPaused }))
    const mutate = observer.mutate as (variables: unknown) => Promise<SessionWriteResult>
    if (via === 'hook-offline') onlineManager.setOnline(false)
    mutate(command.cmd === 'set' ? command.value : command.key)
      .then(
        (result) => {
          // The mutation resolves once the write is saved: made and confirmed at once.
          const { key, id } = made(ref, store, result, digest)
          confirmed(ref, store, key, id, digest)
        },
        (error) => send({ type: 'failed', message: `hook write ${ref}: ${String(error)}` }),
      )
      .finally(() => onlineManager.setOnline(networkOnline))
  }

  async function network(online: boolean) {
    networkOnline = online
    onlineManager.setOnline(online)
    // Not awaited: opening while the relay is down may take until it is back.
    if (online) void core.relayer.transportOpen().catch(() => {})
    else await core.relayer.transportClose().catch(() => {})
    send({ type: 'network', online })
  }

  function inspect() {
    const inspection = client.inspect({ account })
    send({
      type: 'inspection',
      status: inspection?.status ?? 'idle',
      connected: inspection?.relay.connected ?? false,
      outbox: inspection?.outbox.items.length ?? 0,
      catchUp: inspection?.catchUp.status ?? 'none',
      detail: inspection
        ? `link ${inspection.relay.connection}, ${inspection.outbox.items.filter((item) => item.sending).length} sending, ${inspection.outbox.failures} failures${inspection.outbox.retrying ? ', backoff' : ''}`
        : '',
    })
  }

  return { write, network, inspect }
}
