import { useCallback, useRef, useState } from 'react'

export type AsyncAction<TArgs extends unknown[]> = {
  /** Runs the action; its error is kept in `error`, never thrown. */
  run(...args: TArgs): void
  isPending: boolean
  error: unknown
}

/** A user action's pending and error state (like a mutation's), for actions that are more than one write. */
export function useAsyncAction<TArgs extends unknown[]>(
  action: (...args: TArgs) => Promise<unknown>,
): AsyncAction<TArgs> {
  const [state, setState] = useState<{ pending: number; error: unknown }>({ pending: 0, error: undefined })
  const latest = useRef(action)
  latest.current = action
  const run = useCallback((...args: TArgs) => {
    setState((s) => ({ pending: s.pending + 1, error: undefined }))
    latest.current(...args).then(
      () => setState((s) => ({ ...s, pending: s.pending - 1 })),
      (error: unknown) => setState((s) => ({ pending: s.pending - 1, error })),
    )
  }, [])
  return { run, isPending: state.pending > 0, error: state.error }
}
