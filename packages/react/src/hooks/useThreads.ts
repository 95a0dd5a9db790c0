'use client'
import {
  type NoSelect,
  type UseStoreValuesParameters,
  type UseStoreValuesReturnType,
  useStoreValues,
} from './useStoreValues.js'

export type UseThreadsParameters<TSelected> = UseStoreValuesParameters<'threads', TSelected>
export type UseThreadsReturnType<TSelected = NoSelect> = UseStoreValuesReturnType<'threads', TSelected>

/** The account's chat threads, by topic. With `select`, only what it picks (see `UseStoreValuesParameters`). */
export function useThreads(): UseThreadsReturnType
export function useThreads<TSelected>(
  parameters: UseThreadsParameters<TSelected>,
): UseThreadsReturnType<TSelected>
export function useThreads<TSelected>(parameters?: UseThreadsParameters<TSelected>) {
  return useStoreValues('threads', parameters)
}
