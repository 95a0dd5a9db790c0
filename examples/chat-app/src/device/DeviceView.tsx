import { ChatSyncProvider } from '@chatsync/react'
import { useEffect, useState, useSyncExternalStore } from 'react'
import { BackgroundProblem } from '../components/BackgroundProblem'
import { DevicePanel } from '../components/DevicePanel'
import type { Device } from './createDevice'
import { DeviceDevtools } from './DeviceDevtools'

export type DeviceViewProps = {
  device: Device
  /** `true` when the built-in demo wallet pairs on its own; otherwise the URI is shown for a real wallet. */
  hasDemoWallet: boolean
  /** Accounts the invite form offers. */
  invitees?: readonly { name: string; account: string }[]
}

/** One device: pairing with the wallet, then its chat state behind its own `<ChatSyncProvider>`. */
export function DeviceView({ device, hasDemoWallet, invitees = [] }: DeviceViewProps) {
  const connection = useSyncExternalStore(device.subscribe, device.getSnapshot)
  // Background errors (a dropped incoming message, a relay request that will be retried): shown, not fatal.
  const [problems, setProblems] = useState<{ latest: unknown; count: number }>()
  const report = (error: unknown) =>
    setProblems((previous) => ({ latest: error, count: (previous?.count ?? 0) + 1 }))
  useEffect(
    () =>
      device.onChatProblem((error) =>
        setProblems((previous) => ({ latest: error, count: (previous?.count ?? 0) + 1 })),
      ),
    [device],
  )
  return (
    <article
      className="device"
      data-testid={`device-${device.key}`}
      data-device-id={device.id}
      data-owner={device.owner}
    >
      <header className="device__header">
        <h2>{device.label}</h2>
        {connection.status === 'paired' ? (
          <code className="account" data-testid="device-account">
            {connection.account}
          </code>
        ) : null}
      </header>
      <div data-testid="pairing" data-status={connection.status}>
        {connection.status === 'starting' ? <p className="muted">Connecting to the relay…</p> : null}
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
            <button type="button" onClick={device.reconnect} data-testid="pair-again">
              Pair again
            </button>
          </p>
        ) : null}
      </div>
      {connection.status === 'paired' ? (
        <ChatSyncProvider
          key={connection.session.topic}
          client={connection.chatSync}
          account={connection.account}
          signClient={connection.signClient}
          session={connection.session.topic}
          onError={report}
        >
          {problems ? (
            <BackgroundProblem
              error={problems.latest}
              count={problems.count}
              onDismiss={() => setProblems(undefined)}
            />
          ) : null}
          <DevicePanel chat={device.chat} directory={device.directory} invitees={invitees} />
          <DeviceDevtools label={device.label} />
        </ChatSyncProvider>
      ) : null}
    </article>
  )
}
