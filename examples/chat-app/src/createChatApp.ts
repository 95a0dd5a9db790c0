import { createDevice, type Device } from './device/createDevice'
import type { AppConfig } from './getAppConfig'
import { createDemoWallet, type DemoWallet } from './wallet/createDemoWallet'

export type ChatApp = {
  config: AppConfig
  /** The page's demo wallet; `undefined` when a real wallet is used. */
  wallet: Promise<DemoWallet> | undefined
  getDevices(): readonly Device[]
  subscribe(listener: () => void): () => void
  /** Adds one more device of the same account; it catches up from the relay's history. */
  addDevice(): Device
}

export type CreateChatAppParameters = {
  config: AppConfig
  /** Device numbers to show; each keeps its own storage under its number across reloads. */
  deviceIds: readonly number[]
}

/** Everything the page runs outside React: the demo wallet and the devices. Created once per page. */
export function createChatApp({ config, deviceIds }: CreateChatAppParameters): ChatApp {
  const wallet = config.mode === 'demo' ? createDemoWallet({ config }) : undefined
  let devices: readonly Device[] = deviceIds.map((id) => createDevice({ id, config, wallet }))
  const listeners = new Set<() => void>()
  // Leaving the page (reload, close, navigate away): let each engine write what it holds, so changes it
  // received moments ago are still there next time. A page kept in the back/forward cache stays running.
  window.addEventListener('pagehide', (event) => {
    if (event.persisted) return
    for (const device of devices) void device.destroy()
  })
  return {
    config,
    wallet,
    getDevices: () => devices,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    addDevice() {
      const id = Math.max(0, ...devices.map((d) => d.id)) + 1
      const device = createDevice({ id, config, wallet })
      devices = [...devices, device]
      for (const listener of listeners) listener()
      return device
    },
  }
}
