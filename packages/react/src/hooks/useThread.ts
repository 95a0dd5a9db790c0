'use client'
import { type UseStoreEntryReturnType, useStoreEntry } from './useStoreEntry.js'

export type UseThreadParameters = { topic: string }
export type UseThreadReturnType = UseStoreEntryReturnType<'threads'>

/** One thread, by its topic (`data` undefined while there is none), with writes bound to it. */
export function useThread({ topic }: UseThreadParameters): UseThreadReturnType {
  return useStoreEntry('threads', topic)
}
