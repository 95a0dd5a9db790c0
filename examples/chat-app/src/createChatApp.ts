import { createDevice, type Device } from './device/createDevice'
import type { AppConfig } from './getAppConfig'
import type { DemoWallet } from './wallet/createDemoWallet'
import { DEMO_ACCOUNTS, isDemoAccountId } from './wallet/demoAccounts'

/** Someone on the page: a demo account with its wallet, or the user's own wallet (with a project id). */
export type ChatAppAccount = {
  /** `alice`, `bob`, or `wallet`. */
  id: string
  name: string
  /** Its demo wallet; `undefined` when a real wallet is used. */
  wallet: Promise<DemoWallet> | undefined
}

export type ChatApp = {
  config: AppConfig
  accounts: readonly ChatAppAccount[]
  getDevices(): readonly Device[]
  subscribe(listener: () => void): () => void
  /** Adds one more device of `owner`; it catches up from the relay's history. */
  addDevice(owner: string): Device
}

export type DeviceRef = { owner: string; id: number }

export type CreateChatAppParameters = {
  config: AppConfig
  /** Devices to show; each keeps its own storage under its owner and number across reloads. */
  devices: readonly DeviceRef[]
}

/** Everything the page runs outside React: the demo wallets and the devices. Created once per page. */
export function createChatApp({ config, devices: refs }: CreateChatAppParameters): ChatApp {
  const owners = [...new Set(refs.map((ref) => ref.owner))]
  const walletStarts: (() => void)[] = []
  const accounts: ChatAppAccount[] = owners.map((owner) =>
    config.mode === 'demo' && isDemoAccountId(owner)
      ? {
          id: owner,
          name: DEMO_ACCOUNTS[owner].name,
          wallet: new Promise<void>((start) => walletStarts.push(start)).then(() =>
            import('./wallet/createDemoWallet').then(({ createDemoWallet }) =>
              createDemoWallet({ config, owner: DEMO_ACCOUNTS[owner] }),
            ),
          ),
        }
      : { id: owner, name: 'Your wallet', wallet: undefined },
  )
  const walletOf = (owner: string) => accounts.find((account) => account.id === owner)?.wallet
  let devices: readonly Device[] = refs.map(({ owner, id }) =>
    createDevice({ owner, id, config, wallet: walletOf(owner) }),
  )
  // The demo wallets (a wallet-side sign client each, and their code) start once the devices' own have,
  // after the devices showed what they stored: nothing stored needs a wallet.
  void Promise.all(devices.map((device) => device.started)).then(() => {
    for (const start of walletStarts) start()
  })
  const listeners = new Set<() => void>()
  // Leaving the page (reload, close, navigate away): let each engine write what it holds, so changes it
  // received moments ago are still there next time. A page kept in the back/forward cache stays running.
  window.addEventListener('pagehide', (event) => {
    if (event.persisted) return
    for (const device of devices) void device.destroy()
  })
  return {
    config,
    accounts,
    getDevices: () => devices,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    addDevice(owner) {
      const id = Math.max(0, ...devices.filter((d) => d.owner === owner).map((d) => d.id)) + 1
      const device = createDevice({ owner, id, config, wallet: walletOf(owner) })
      devices = [...devices, device]
      for (const listener of listeners) listener()
      return device
    },
  }
}
