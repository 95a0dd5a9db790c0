'use client'
import type { ChatStorePayloads } from '@chatsync/core'
import { useStoreEntry } from './useStoreEntry.js'
import type { UseStoreValuesReturnType } from './useStoreValues.js'

export type UseThreadParameters = { topic: string }
export type UseThreadReturnType = UseStoreValuesReturnType<
  'threads',
  ChatStorePayloads['threads'] | undefined
>

/** One thread of the account (`undefined` while there is none); re-renders only when that entry changes. */
export function useThread({ topic }: UseThreadParameters): UseThreadReturnType {
  return useStoreEntry('threads', String(topic))
}
