import { useSyncExternalStore } from 'react'
import type { DemoWallet, WalletRequestKind } from './createDemoWallet'

export type WalletPanelProps = { wallet: DemoWallet }

const purpose: Record<WalletRequestKind, string> = {
  sync: 'asks you to sign the sync message',
  identity: 'asks you to authorise its chat identity key',
  other: 'asks you to sign',
}

/** The demo wallet: its account, each incoming signature request with Approve / Reject, and its activity. */
export function WalletPanel({ wallet }: WalletPanelProps) {
  const { requests, activity } = useSyncExternalStore(wallet.subscribe, wallet.getSnapshot)
  return (
    <aside className="wallet" data-testid="wallet-panel">
      <header>
        <h2>{wallet.name}'s demo wallet</h2>
        <p className="warning" data-testid="demo-wallet-warning">
          Demo wallet — do not use real funds. Its private key is a public test key.
        </p>
        <code className="account" data-testid="wallet-account">
          {wallet.account}
        </code>
      </header>
      <h3>Signature requests</h3>
      {requests.length === 0 ? <p className="empty">No requests yet.</p> : null}
      <ul className="wallet__requests">
        {[...requests].reverse().map((request) => (
          <li
            key={request.id}
            data-testid="wallet-request"
            data-status={request.status}
            data-peer={request.peerName}
            data-kind={request.kind}
          >
            <div className="meta">
              <strong>{request.peerName}</strong> {purpose[request.kind]} (personal_sign)
            </div>
            <pre className="wallet__message">{request.message}</pre>
            {request.status === 'pending' ? (
              <div className="wallet__actions">
                <button
                  type="button"
                  onClick={() => void wallet.approve(request.id)}
                  data-testid="wallet-approve"
                >
                  Approve
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => void wallet.reject(request.id)}
                  data-testid="wallet-reject"
                >
                  Reject
                </button>
              </div>
            ) : (
              <span className={`badge badge--${request.status}`}>{request.status}</span>
            )}
          </li>
        ))}
      </ul>
      <h3>Activity</h3>
      <ul className="wallet__activity" data-testid="wallet-activity">
        {activity.map((entry) => (
          <li key={entry.id}>{entry.text}</li>
        ))}
      </ul>
    </aside>
  )
}
