/** How the example reaches a relay and a wallet. */
export type AppConfig =
  | {
      /** Local dev relay plus the built-in demo wallet on the same page. */
      mode: 'demo'
      relayUrl: string
      projectId: string
    }
  | {
      /** Public WalletConnect relay plus a real wallet through the Sign API. */
      mode: 'walletconnect'
      relayUrl: string | undefined
      projectId: string
    }

const DEFAULT_RELAY_URL = 'ws://127.0.0.1:5555'

/** Reads the build-time environment (`VITE_RELAY_URL`, `VITE_WC_PROJECT_ID`). */
export function getAppConfig(env: Record<string, string | undefined> = import.meta.env): AppConfig {
  const projectId = env.VITE_WC_PROJECT_ID?.trim()
  if (projectId) return { mode: 'walletconnect', relayUrl: undefined, projectId }
  return {
    mode: 'demo',
    relayUrl: env.VITE_RELAY_URL?.trim() || DEFAULT_RELAY_URL,
    projectId: 'chatsync-dev',
  }
}
