'use client'
import type { ChatSyncSession, SessionState } from '@chatsync/core'
import { useMemo } from 'react'
import { useStore } from 'zustand'
import { useChatSyncContext } from './useChatSyncContext.js'

/** One union: narrow on `status` to get the `error` of `rejected` and `error`. */
export type UseChatSyncReturnType = SessionState & Pick<ChatSyncSession, 'enable' | 'disable'>

/** The sync-enable status of the provider's account, with `enable` (also the retry) and `disable`. */
export function useChatSync(): UseChatSyncReturnType {
  const { session, store } = useChatSyncContext()
  const state = useStore(store, (mirror) => mirror.session)
  return useMemo(() => ({ ...state, enable: session.enable, disable: session.disable }), [state, session])
}
