import { watchChatErrors } from '@chatsync/chat'
import { ChatSyncProvider, useChatSync } from '@chatsync/react'
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import { BackgroundProblem } from '../components/BackgroundProblem'
import { PairingStatus } from '../components/PairingStatus'
import type { Device } from './createDevice'
import { DeviceDevtools } from './DeviceDevtools'
import { DevicePanel } from './DevicePanel'

export type DeviceViewProps = {
  device: Device
  /** `true` when the built-in demo wallet pairs on its own; otherwise the URI is shown for a real wallet. */
  hasDemoWallet: boolean
  /** Accounts the invite form offers. */
  invitees?: readonly { name: string; account: string }[]
}

type Problems = { latest: unknown; count: number } | undefined

/**
 * One device behind its own `<ChatSyncProvider>`, mounted at once: the account it synced last shows from
 * storage while the device pairs with the wallet (or restores the session it had), above the pairing state.
 */
export function DeviceView({ device, hasDemoWallet, invitees = [] }: DeviceViewProps) {
  // Background errors (a dropped incoming message, a relay request that will be retried): shown, not fatal.
  const [problems, setProblems] = useState<Problems>()
  const report = useCallback(
    (error: unknown) => setProblems((previous) => ({ latest: error, count: (previous?.count ?? 0) + 1 })),
    [],
  )
  // The chat's own (a dropped invite or message, a relay or directory failure); the provider reports sync's.
  useEffect(() => watchChatErrors(device.config.chat, { onError: report }), [device, report])
  return (
    <article
      className="device"
      data-testid={`device-${device.key}`}
      data-device-id={device.id}
      data-owner={device.owner}
    >
      <ChatSyncProvider config={device.config} onError={report}>
        <DeviceHeader label={device.label} />
        <Pairing device={device} hasDemoWallet={hasDemoWallet} />
        {problems ? (
          <BackgroundProblem
            error={problems.latest}
            count={problems.count}
            onDismiss={() => setProblems(undefined)}
          />
        ) : null}
        <DevicePanel invitees={invitees} />
        <DeviceDevtools label={device.label} />
      </ChatSyncProvider>
    </article>
  )
}

function DeviceHeader({ label }: { label: string }) {
  const { account } = useChatSync()
  return (
    <header className="device__header">
      <h2>{label}</h2>
      {account ? (
        <code className="account" data-testid="device-account" title={account}>
          {account}
        </code>
      ) : null}
    </header>
  )
}

function Pairing({ device, hasDemoWallet }: Omit<DeviceViewProps, 'invitees'>) {
  const connection = useSyncExternalStore(device.subscribe, device.getSnapshot)
  return (
    <PairingStatus connection={connection} hasDemoWallet={hasDemoWallet} onPairAgain={device.reconnect} />
  )
}
