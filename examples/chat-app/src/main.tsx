import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createChatApp, type DeviceRef } from './createChatApp'
import { getAppConfig } from './getAppConfig'
import { isDemoAccountId } from './wallet/demoAccounts'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('Missing #root element')

const config = getAppConfig()
const params = new URLSearchParams(location.search)
// `?account=bob&device=1` shows Bob's device 1 alone (its own storage), as a second browser or profile
// would; `?device=2` is Alice's (or, with a real wallet, the wallet's) device 2.
const requested = Number(params.get('device'))
const isSingleDevice = Number.isInteger(requested) && requested > 0
const defaultOwner = config.mode === 'demo' ? 'alice' : 'wallet'
const owner =
  config.mode === 'demo' && isDemoAccountId(params.get('account')) ? params.get('account')! : defaultOwner

// The side-by-side page remembers devices added with "Add a device" across reloads.
const DEVICES_KEY = `chatsync-example:devices:${config.mode}`
const defaults: DeviceRef[] =
  config.mode === 'demo'
    ? [
        { owner: 'alice', id: 1 },
        { owner: 'alice', id: 2 },
        { owner: 'bob', id: 1 },
      ]
    : [
        { owner: 'wallet', id: 1 },
        { owner: 'wallet', id: 2 },
      ]
const readDevices = (): DeviceRef[] => {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(DEVICES_KEY) ?? 'null')
    const isRef = (ref: unknown): ref is DeviceRef =>
      typeof ref === 'object' &&
      ref !== null &&
      defaults.some((d) => d.owner === (ref as DeviceRef).owner) &&
      Number.isInteger((ref as DeviceRef).id) &&
      (ref as DeviceRef).id > 0
    if (Array.isArray(stored) && stored.length > 0 && stored.every(isRef))
      // Everyone keeps at least their first device.
      return [...stored, ...defaults.filter((d) => !stored.some((ref) => ref.owner === d.owner))]
  } catch {}
  return defaults
}
const app = createChatApp({
  config,
  devices: isSingleDevice ? [{ owner, id: requested }] : readDevices(),
})
if (!isSingleDevice)
  app.subscribe(() =>
    localStorage.setItem(
      DEVICES_KEY,
      JSON.stringify(app.getDevices().map(({ owner, id }) => ({ owner, id }))),
    ),
  )

createRoot(root).render(
  <StrictMode>
    <App app={app} isSingleDevice={isSingleDevice} />
  </StrictMode>,
)
