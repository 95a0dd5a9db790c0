'use client'
import type { ChatSyncSession, ChatSyncState, RelayConnectionStatus, SessionState } from '@chatsync/core'
import { useMemo, useSyncExternalStore } from 'react'
import { useStore } from 'zustand'
import { useChatSyncContext } from './useChatSyncContext.js'

/**
 * One union: narrow on `status` to get the `error` of `rejected` and `error`. `connection` is the relay
 * link (`connecting`, `connected`, `offline`), whatever the status: an account can be `ready` and
 * `offline`, its writes then apply and are saved, and go out once the relay answers again.
 */
export type UseChatSyncReturnType = SessionState & { connection: RelayConnectionStatus } & Pick<
    ChatSyncSession,
    'enable' | 'disable'
  >

const selectConnection = (state: ChatSyncState) => state.connection

/**
 * The sync-enable status of the provider's account and the relay connection, with `enable` (also the
 * retry) and `disable`.
 */
export function useChatSync(): UseChatSyncReturnType {
  const { session } = useChatSyncContext()
  // Before the provider has mounted the session, the state is the one it was created with (idle,
  // connecting), on the server and on the client alike.
  const state = useSyncExternalStore(session.subscribe, session.getState, session.getState)
  const connection = useStore(session.state, selectConnection)
  return useMemo(
    () => ({ ...state, connection, enable: session.enable, disable: session.disable }),
    [state, connection, session],
  )
}
