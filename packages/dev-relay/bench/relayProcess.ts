import { monitorEventLoopDelay } from 'node:perf_hooks'
import { startDevRelay } from '../src/index.js'

// Runs the relay in its own process for the benchmark, so client work does not delay it.
const relay = await startDevRelay({ dataDir: process.argv[2], maxConnections: 10_000 })
const loopDelay = monitorEventLoopDelay({ resolution: 5 })
loopDelay.enable()
process.send?.({ url: relay.url })
const stop = () => void relay.close().then(() => process.exit(0))
process.on('message', (message) => {
  if (message === 'stats') {
    process.send?.({
      stats: {
        cpu: process.cpuUsage(),
        loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
        loopDelayMaxMs: loopDelay.max / 1e6,
      },
    })
    loopDelay.reset()
  }
  if (message === 'stop') stop()
})
process.on('disconnect', stop)
