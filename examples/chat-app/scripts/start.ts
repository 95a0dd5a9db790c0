import { fileURLToPath } from 'node:url'
import { startChatApp } from './startChatApp'

const relayDataDir = fileURLToPath(new URL('../.tmp/relay', import.meta.url))
const projectId = process.env.VITE_WC_PROJECT_ID?.trim() || undefined

const app = await startChatApp({ relayDataDir, projectId, logLevel: 'warn' })

console.log(
  [
    '',
    '  chatsync example',
    app.relayUrl
      ? `  relay   ${app.relayUrl}  (dev relay, messages kept in examples/chat-app/.tmp/relay)`
      : '  relay   public WalletConnect relay (VITE_WC_PROJECT_ID is set)',
    app.keysUrl ? `  keys    ${app.keysUrl}/invite  (development invite-key directory)` : '',
    '',
    `  Open    ${app.appUrl}`,
    `          ${app.appUrl}?account=bob&device=1  (one device per browser profile)`,
    '',
    '  Press Ctrl+C to stop.',
    '',
  ].join('\n'),
)

let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  app.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`Could not stop cleanly: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    },
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
