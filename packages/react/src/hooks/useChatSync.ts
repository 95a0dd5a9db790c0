'use client'
import type { ChatSyncConfig, ChatSyncState, RelayConnectionStatus, SessionState } from '@chatsync/core'
import { useMemo, useSyncExternalStore } from 'react'
import { useStore } from 'zustand'
import { useChatSyncConfig } from './useChatSyncConfig.js'

/**
 * One union: narrow on `status` to get the `error` of `rejected` and `error`. `connection` is the relay
 * link (`connecting`, `connected`, `offline`), whatever the status: an account can be `ready` and
 * `offline`, its writes then apply and are saved, and go out once the relay answers again.
 */
export type UseChatSyncReturnType = SessionState & { connection: RelayConnectionStatus } & Pick<
    ChatSyncConfig,
    'enable' | 'disable'
  >

const selectConnection = (state: ChatSyncState) => state.connection

/**
 * The sync-enable status of the provider's account and the relay connection, with `enable` (also the
 * retry) and `disable`.
 */
export function useChatSync(): UseChatSyncReturnType {
  const config = useChatSyncConfig()
  // Before the provider has mounted the config, the state is the one it was created with (idle,
  // connecting), on the server and on the client alike.
  const state = useSyncExternalStore(config.subscribe, config.getState, config.getState)
  const connection = useStore(config.state, selectConnection)
  return useMemo(
    () => ({ ...state, connection, enable: config.enable, disable: config.disable }),
    [state, connection, config],
  )
}
