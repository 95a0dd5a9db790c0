'use client'
import { type UseStoreValuesReturnType, useStoreValues } from './useStoreValues.js'

export type UseThreadsReturnType = UseStoreValuesReturnType<'threads'>

/** The account's chat threads, by topic. */
export function useThreads(): UseThreadsReturnType {
  return useStoreValues('threads')
}
