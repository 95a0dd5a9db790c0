import { type ChatSyncConfig, watchErrors } from '@chatsync/core'
import { useCallback, useEffect, useRef, useState } from 'react'

/** One background error as the panel keeps it: what the error says, never a value it was about. */
export type KeptError = {
  /** Counts the errors seen: a stable key. */
  seq: number
  at: number
  name: string
  message: string
  details: string
  /** Undefined when it concerns the client as a whole. */
  account: string | undefined
}

const textOf = (error: unknown, field: 'shortMessage' | 'details'): string => {
  const value = (error as Record<string, unknown> | null)?.[field]
  return typeof value === 'string' ? value : ''
}

/** The latest `limit` background errors of the config's account (`watchErrors`), newest first, and how many in all. */
export function useBackgroundErrors(config: ChatSyncConfig, limit: number) {
  const [state, setState] = useState<{ errors: KeptError[]; total: number }>({ errors: [], total: 0 })
  const seq = useRef(0)
  useEffect(
    () =>
      watchErrors(config, {
        onError: (error, { account }) => {
          seq.current += 1
          const kept: KeptError = {
            seq: seq.current,
            at: Date.now(),
            name: error.name,
            message: textOf(error, 'shortMessage') || 'Something went wrong.',
            details: textOf(error, 'details'),
            account,
          }
          setState((previous) => ({
            errors: [kept, ...previous.errors].slice(0, Math.max(1, limit)),
            total: previous.total + 1,
          }))
        },
      }),
    [config, limit],
  )
  const clear = useCallback(() => setState({ errors: [], total: 0 }), [])
  return { ...state, clear }
}
