import { useEffect, useState, useSyncExternalStore } from 'react'
import type { ChatApp } from './createChatApp'
import { DeviceView } from './device/DeviceView'
import type { DemoWallet } from './wallet/createDemoWallet'
import { WalletPanel } from './wallet/WalletPanel'

export type AppProps = {
  app: ChatApp
  /** One device per page (`?device=N`): each browser profile is then a truly separate device. */
  isSingleDevice: boolean
}

/** The example page: the account's devices side by side, and the wallet they sign with. */
export function App({ app, isSingleDevice }: AppProps) {
  const devices = useSyncExternalStore(app.subscribe, app.getDevices)
  return (
    <main className="app" data-testid="app" data-mode={app.config.mode}>
      <header className="app__header">
        <h1>chatsync example</h1>
        <p className="muted">
          {app.config.mode === 'demo'
            ? `Dev relay ${app.config.relayUrl} · built-in demo wallet`
            : 'Public WalletConnect relay · pair a real wallet'}
        </p>
      </header>
      <div className="app__body">
        <section className="devices">
          {devices.map((device) => (
            <DeviceView key={device.id} device={device} hasDemoWallet={app.wallet !== undefined} />
          ))}
          {isSingleDevice ? null : (
            <button
              type="button"
              className="add-device"
              onClick={() => app.addDevice()}
              data-testid="add-device"
            >
              Add a device
            </button>
          )}
        </section>
        {app.wallet ? <DemoWalletSlot wallet={app.wallet} /> : null}
      </div>
    </main>
  )
}

function DemoWalletSlot({ wallet }: { wallet: Promise<DemoWallet> }) {
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
      <h2>Demo wallet</h2>
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
