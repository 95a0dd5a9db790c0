import { errorText } from './errorText'

export type BackgroundProblemProps = {
  /** The latest background error the provider reported. */
  error: unknown
  /** How many were reported since the last dismissal. */
  count: number
  onDismiss(): void
}

/** Something that went wrong in the background: sync keeps running and nothing stored was lost. */
export function BackgroundProblem({ error, count, onDismiss }: BackgroundProblemProps) {
  const name = error instanceof Error ? error.name : undefined
  return (
    <div className="background-problem" role="status" data-testid="background-problem" data-name={name}>
      <span data-testid="background-problem-text">{errorText(error)}</span>
      {count > 1 ? <span className="muted">{` (and ${count - 1} more)`}</span> : null}
      <button type="button" className="secondary" onClick={onDismiss} data-testid="dismiss-problem">
        Dismiss
      </button>
    </div>
  )
}
