import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createChatApp } from './createChatApp'
import { getAppConfig } from './getAppConfig'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('Missing #root element')

// `?device=3` shows device 3 alone (its own storage), as a second browser or profile would.
const requested = Number(new URLSearchParams(location.search).get('device'))
const isSingleDevice = Number.isInteger(requested) && requested > 0
// The side-by-side page remembers devices added with "Add a device" across reloads.
const DEVICES_KEY = 'chatsync-example:devices'
const readDeviceIds = (): number[] => {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(DEVICES_KEY) ?? 'null')
    if (Array.isArray(stored) && stored.length > 0 && stored.every((id) => Number.isInteger(id) && id > 0))
      return stored
  } catch {}
  return [1, 2]
}
const app = createChatApp({
  config: getAppConfig(),
  deviceIds: isSingleDevice ? [requested] : readDeviceIds(),
})
if (!isSingleDevice)
  app.subscribe(() => localStorage.setItem(DEVICES_KEY, JSON.stringify(app.getDevices().map((d) => d.id))))

createRoot(root).render(
  <StrictMode>
    <App app={app} isSingleDevice={isSingleDevice} />
  </StrictMode>,
)
