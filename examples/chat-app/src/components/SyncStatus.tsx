import { errorText } from './errorText'

export type SyncStatusValue = 'idle' | 'signing' | 'syncing' | 'ready' | 'rejected' | 'error'

export type SyncStatusProps = {
  status: SyncStatusValue
  /** `undefined` until the wallet's account (or the one synced last) is known. */
  account?: string | undefined
  error?: unknown
  onEnable(): void
  onDisable(): void
}

const text: Record<SyncStatusValue, string> = {
  idle: 'Sync is off',
  signing: 'Waiting for the signature in the wallet…',
  syncing: 'Syncing…',
  ready: 'In sync',
  rejected: 'The signature was rejected in the wallet',
  error: 'Sync stopped',
}

/** The device's sync status with the action that fits it. */
export function SyncStatus({ status, account, error, onEnable, onDisable }: SyncStatusProps) {
  const waiting = status === 'idle' && account === undefined
  return (
    <div className={`sync-status sync-status--${status}`} data-testid="sync-status" data-status={status}>
      <span className="sync-status__dot" aria-hidden />
      <span data-testid="sync-status-text">
        {waiting ? 'Waiting for the wallet’s account' : text[status]}
      </span>
      {status === 'error' && error !== undefined && error !== null ? (
        <span className="error" data-testid="sync-error">
          {errorText(error)}
        </span>
      ) : null}
      {status === 'idle' && !waiting ? (
        <button type="button" onClick={onEnable} data-testid="enable-sync">
          Enable sync
        </button>
      ) : null}
      {status === 'rejected' || status === 'error' ? (
        <button type="button" onClick={onEnable} data-testid="enable-sync">
          Try again
        </button>
      ) : null}
      {status === 'ready' || status === 'syncing' ? (
        <button type="button" className="secondary" onClick={onDisable} data-testid="disable-sync">
          Turn off
        </button>
      ) : null}
    </div>
  )
}
