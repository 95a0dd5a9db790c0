'use client'
import type { ChatSyncConfig, SessionState } from '@chatsync/core'
import { useMemo, useSyncExternalStore } from 'react'
import { useChatSyncConfig } from './useChatSyncConfig.js'

/** One union: narrow on `status` to get the `error` of `rejected` and `error`. */
export type UseChatSyncReturnType = SessionState & Pick<ChatSyncConfig, 'enable' | 'disable'>

/** The sync-enable status of the provider's account, with `enable` (also the retry) and `disable`. */
export function useChatSync(): UseChatSyncReturnType {
  const config = useChatSyncConfig()
  // Before the provider has mounted the config, the state is the one it was created with (idle), on the
  // server and on the client alike.
  const state = useSyncExternalStore(config.subscribe, config.getState, config.getState)
  return useMemo(() => ({ ...state, enable: config.enable, disable: config.disable }), [state, config])
}
