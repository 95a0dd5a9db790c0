import { useEffect, useState, useSyncExternalStore } from 'react'
import type { ChatApp, ChatAppAccount } from './createChatApp'
import type { Device } from './device/createDevice'
import { DeviceView } from './device/DeviceView'
import type { DemoWallet } from './wallet/createDemoWallet'
import { DEMO_ACCOUNTS, isDemoAccountId } from './wallet/demoAccounts'
import { WalletPanel } from './wallet/WalletPanel'

export type AppProps = {
  app: ChatApp
  /** One device per page (`?account=bob&device=1`): each browser profile is then a truly separate device. */
  isSingleDevice: boolean
}

/** The example page: for each account its devices side by side, and the wallet they sign with. */
export function App({ app, isSingleDevice }: AppProps) {
  const devices = useSyncExternalStore(app.subscribe, app.getDevices)
  return (
    <main className="app" data-testid="app" data-mode={app.config.mode}>
      <header className="app__header">
        <h1>chatsync example</h1>
        <p className="muted">
          {app.config.mode === 'demo'
            ? `Dev relay ${app.config.relayUrl} · invite keys at ${app.config.keysUrl}/invite · demo wallets with public test keys`
            : 'Public WalletConnect relay · pair a real wallet'}
        </p>
      </header>
      {app.accounts.map((account) => (
        <AccountSection
          key={account.id}
          account={account}
          devices={devices.filter((device) => device.owner === account.id)}
          onAddDevice={isSingleDevice ? undefined : () => app.addDevice(account.id)}
          invitees={app.config.mode === 'demo' ? otherDemoAccounts(account.id) : []}
        />
      ))}
    </main>
  )
}

const otherDemoAccounts = (owner: string) =>
  Object.values(DEMO_ACCOUNTS)
    .filter((account) => account.id !== owner)
    .map(({ name, account }) => ({ name, account }))

type AccountSectionProps = {
  account: ChatAppAccount
  devices: readonly Device[]
  /** Shown as "Add a device" (Alice's section on the side-by-side page). */
  onAddDevice: (() => void) | undefined
  /** Accounts the invite form offers. */
  invitees: readonly { name: string; account: string }[]
}

function AccountSection({ account, devices, onAddDevice, invitees }: AccountSectionProps) {
  const address = isDemoAccountId(account.id) ? DEMO_ACCOUNTS[account.id].account : undefined
  return (
    <section className="account-section" data-testid={`account-${account.id}`}>
      <header className="account-section__header">
        <h2>{account.name}</h2>
        {address ? <code className="account">{address}</code> : null}
      </header>
      <div className="app__body">
        <div className="devices">
          {devices.map((device) => (
            <DeviceView
              key={device.key}
              device={device}
              hasDemoWallet={account.wallet !== undefined}
              invitees={invitees}
            />
          ))}
          {onAddDevice && account.id !== 'bob' ? (
            <button type="button" className="add-device" onClick={onAddDevice} data-testid="add-device">
              Add a device
            </button>
          ) : null}
        </div>
        {account.wallet ? <DemoWalletSlot wallet={account.wallet} name={account.name} /> : null}
      </div>
    </section>
  )
}

function DemoWalletSlot({ wallet, name }: { wallet: Promise<DemoWallet>; name: string }) {
  const [state, setState] = useState<{ wallet?: DemoWallet; error?: string }>({})
  useEffect(() => {
    let isCurrent = true
    wallet.then(
      (ready) => isCurrent && setState({ wallet: ready }),
      (error: unknown) =>
        isCurrent &&
        setState({ error: error instanceof Error ? error.message : 'The demo wallet did not start' }),
    )
    return () => {
      isCurrent = false
    }
  }, [wallet])
  if (state.wallet) return <WalletPanel wallet={state.wallet} />
  return (
    <aside className="wallet" data-testid="wallet-panel">
      <h2>{name}'s demo wallet</h2>
      {state.error ? (
        <p className="error" role="alert">
          {state.error}
        </p>
      ) : (
        <p className="muted">Starting…</p>
      )}
    </aside>
  )
}
