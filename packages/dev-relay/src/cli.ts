import { parseArgs } from 'node:util'
import { startDevRelay } from './startDevRelay.js'

const usage = 'Usage: chatsync-relay [--port 5555] [--host 127.0.0.1] [--data-dir DIR]'

async function main() {
  let values: { port?: string; host?: string; 'data-dir'?: string; help?: boolean }
  try {
    ;({ values } = parseArgs({
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`)
    process.exit(2)
  }
  if (values.help) {
    console.log(usage)
    return
  }
  const port = values.port === undefined ? 5555 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid --port ${JSON.stringify(values.port)}\n${usage}`)
    process.exit(2)
  }
  const relay = await startDevRelay({
    port,
    host: values.host,
    dataDir: values['data-dir'],
    logger: { warn: console.warn, error: console.error },
  })
  console.log(relay.url)
  console.log(`key directory: ${relay.keysUrl} (/identity, /invite)`)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    relay.close().then(
      () => {
        console.error(`chatsync-relay: stopped (${signal})`)
        process.exit(0)
      },
      (error: unknown) => {
        console.error(
          `chatsync-relay: failed to stop: ${error instanceof Error ? error.message : String(error)}`,
        )
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error(`chatsync-relay: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
