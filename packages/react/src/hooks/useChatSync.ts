'use client'
import type { ChatSyncSession, SessionState } from '@chatsync/core'
import { useMemo, useSyncExternalStore } from 'react'
import { useChatSyncContext } from './useChatSyncContext.js'

/** One union: narrow on `status` to get the `error` of `rejected` and `error`. */
export type UseChatSyncReturnType = SessionState & Pick<ChatSyncSession, 'enable' | 'disable'>

/** The sync-enable status of the provider's account, with `enable` (also the retry) and `disable`. */
export function useChatSync(): UseChatSyncReturnType {
  const { session } = useChatSyncContext()
  // Before the provider has mounted the session, the state is the one it was created with (idle), on the
  // server and on the client alike.
  const state = useSyncExternalStore(session.subscribe, session.getState, session.getState)
  return useMemo(() => ({ ...state, enable: session.enable, disable: session.disable }), [state, session])
}
