import type { DeviceConnection } from '../device/createDevice'

export type PairingStatusProps = {
  connection: DeviceConnection
  /** `true` when the built-in demo wallet pairs on its own; otherwise the URI is shown for a real wallet. */
  hasDemoWallet: boolean
  onPairAgain(): void
}

/** Where a device stands with its wallet: nothing once paired. */
export function PairingStatus({ connection, hasDemoWallet, onPairAgain }: PairingStatusProps) {
  return (
    <div data-testid="pairing" data-status={connection.status}>
      {connection.status === 'starting' ? <p className="muted">Connecting to the wallet…</p> : null}
      {connection.status === 'pairing' && hasDemoWallet ? (
        <p className="muted">Pairing with the demo wallet…</p>
      ) : null}
      {connection.status === 'pairing' && !hasDemoWallet ? (
        <div className="pairing-uri">
          <p>Paste this pairing URI into your wallet (WalletConnect → "Paste URI"):</p>
          <textarea readOnly value={connection.uri} rows={4} data-testid="pairing-uri" />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(connection.uri)}>
            Copy
          </button>
        </div>
      ) : null}
      {connection.status === 'failed' ? (
        <p className="error" role="alert">
          {connection.message}{' '}
          <button type="button" onClick={onPairAgain} data-testid="pair-again">
            Pair again
          </button>
        </p>
      ) : null}
    </div>
  )
}
