import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type DevRelay, startDevRelay } from '@chatsync/dev-relay'
import { build, createServer, type InlineConfig, preview } from 'vite'
import { createViteConfig } from '../vite.config'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export type StartChatAppParameters = {
  /** Interface for the relay and the app (default `127.0.0.1`). */
  host?: string
  /** Preferred relay port; when taken, a free one is used. `0` always picks a free one (default 5555). */
  relayPort?: number
  /** Preferred app port; Vite moves on to the next free one when taken (default 5173). */
  appPort?: number
  /** Where the relay keeps its message log; in memory when omitted. */
  relayDataDir?: string
  /** `dev`: Vite dev server. `preview`: a production build served by `vite preview` (what the e2e tests use). */
  mode?: 'dev' | 'preview'
  /** Build output for `preview` mode. */
  outDir?: string
  /**
   * `source` (default): the workspace packages' sources. `built`: their built `dist/`, resolved through
   * package.json `exports` as in an app that installed them (what the e2e tests use; build them first).
   */
  packages?: 'source' | 'built'
  /** With a WalletConnect project id the app uses the public relay and a real wallet; no dev relay is started. */
  projectId?: string
  /**
   * Each device gets the chatsync devtools even in a production build (`preview`; what the e2e tests use):
   * the `/production` entry, loaded when a device shows them. The dev server has them anyway.
   */
  devtools?: boolean
  logLevel?: InlineConfig['logLevel']
}

export type RunningChatApp = {
  appUrl: string
  /** The dev relay's URL; `undefined` when the public relay is used. */
  relayUrl: string | undefined
  /** The dev relay's invite-key directory; `undefined` when the public relay is used. */
  keysUrl: string | undefined
  /** Stops the dev relay (and its key directory, whose entries live in memory only). */
  stopRelay(): Promise<void>
  /** Starts the dev relay again on the same port, with the same message log. */
  restartRelay(): Promise<void>
  close(): Promise<void>
}

/**
 * `vite build` as a production build whatever `NODE_ENV` the caller runs with. Vite keeps a `NODE_ENV`
 * that is set already, and vitest sets `test`: the build would then bundle React's development build
 * (several times slower to render) and the tests would measure that.
 */
async function buildForProduction(config: InlineConfig) {
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ ...config, mode: 'production' })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
}

const relayLogger = { warn: console.warn, error: console.error }

async function startRelay(host: string, port: number, dataDir: string | undefined): Promise<DevRelay> {
  try {
    return await startDevRelay({ host, port, dataDir, logger: relayLogger })
  } catch (error) {
    if (port === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    return startDevRelay({ host, port: 0, dataDir, logger: relayLogger })
  }
}

/** Starts the dev relay (with its invite-key directory) and the example app with their URLs built in. */
export async function startChatApp({
  host = '127.0.0.1',
  relayPort = 5555,
  appPort = 5173,
  relayDataDir,
  mode = 'dev',
  outDir = here('../.tmp/dist'),
  packages = 'source',
  projectId,
  devtools = false,
  logLevel = 'info',
}: StartChatAppParameters = {}): Promise<RunningChatApp> {
  if (packages === 'built') {
    const built = {
      core: '@chatsync/core',
      chat: '@chatsync/chat',
      react: '@chatsync/react',
      devtools: '@chatsync/react-devtools',
    }
    const missing = Object.entries(built)
      .filter(([dir]) => !existsSync(here(`../../../packages/${dir}/dist/index.js`)))
      .map(([, name]) => name)
    if (missing.length > 0) {
      throw new Error(`${missing.join(', ')} not built: run \`pnpm build\` first.`)
    }
  }
  let relay = projectId ? undefined : await startRelay(host, relayPort, relayDataDir)
  const relayUrl = relay?.url
  let relayRunning = relay !== undefined
  const relayControls = {
    relayUrl,
    keysUrl: relay?.keysUrl,
    async stopRelay() {
      if (!relayRunning) return
      relayRunning = false
      await relay?.close()
    },
    async restartRelay() {
      if (!relayUrl || relayRunning) return
      const port = Number(new URL(relayUrl).port)
      relay = await startDevRelay({ host, port, dataDir: relayDataDir, logger: relayLogger })
      relayRunning = true
    },
  }
  const config: InlineConfig = {
    ...createViteConfig({ packages }),
    configFile: false,
    logLevel,
    define: {
      'import.meta.env.VITE_RELAY_URL': JSON.stringify(relay?.url ?? ''),
      'import.meta.env.VITE_KEYS_URL': JSON.stringify(relay?.keysUrl ?? ''),
      'import.meta.env.VITE_WC_PROJECT_ID': JSON.stringify(projectId ?? ''),
      ...(devtools ? { 'import.meta.env.VITE_DEVTOOLS': JSON.stringify('true') } : {}),
    },
  }
  try {
    if (mode === 'dev') {
      const server = await createServer({ ...config, server: { host, port: appPort, strictPort: false } })
      await server.listen()
      return {
        appUrl: server.resolvedUrls?.local[0] ?? `http://${host}:${appPort}/`,
        ...relayControls,
        async close() {
          await server.close()
          await relayControls.stopRelay()
        },
      }
    }
    await buildForProduction({ ...config, build: { outDir, emptyOutDir: true } })
    const server = await preview({
      ...config,
      build: { outDir },
      preview: { host, port: appPort, strictPort: false },
    })
    return {
      appUrl: server.resolvedUrls?.local[0] ?? `http://${host}:${appPort}/`,
      ...relayControls,
      async close() {
        await server.close()
        await relayControls.stopRelay()
      },
    }
  } catch (error) {
    await relayControls.stopRelay()
    throw error
  }
}
