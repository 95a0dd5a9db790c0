'use client'
import type { ChatSyncState, SessionStateApi } from '@chatsync/core'
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import { replaceEqualDeep } from './replaceEqualDeep.js'

/**
 * `selector` of the session's state, re-rendering only when its result changes. With `structural`,
 * results are compared by their contents (`replaceEqualDeep`), so a selector may build new arrays or
 * objects; without, by reference (for selectors that return a part of the state as it is).
 */
export function useSelector<T>(
  state: SessionStateApi,
  selector: (state: ChatSyncState) => T,
  structural: boolean,
): T {
  const last = useRef<{ value: T } | undefined>(undefined)
  const getSelection = useMemo(() => {
    let source: ChatSyncState | undefined
    let selection: T
    return () => {
      const current = state.getState()
      if (current !== source) {
        const next = selector(current)
        selection = structural && last.current ? replaceEqualDeep(last.current.value, next) : next
        source = current
      }
      return selection
    }
  }, [state, selector, structural])
  const value = useSyncExternalStore(state.subscribe, getSelection, getSelection)
  useEffect(() => {
    last.current = { value }
  }, [value])
  return value
}
