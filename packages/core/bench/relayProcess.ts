/** The development relay in a process of its own (forked by catchup.bench.ts), as a real relay would be. */
// The relay's sources, so the benchmark needs no build.
import { startDevRelay } from '../../dev-relay/src/index.js'

const relay = await startDevRelay({ port: 0, maxConnections: 100 })
process.send?.({ url: relay.url })
process.on('message', async () => {
  await relay.close()
  process.exit(0)
})
