/** How the example reaches a relay and a wallet. */
export type AppConfig =
  | {
      /** Local dev relay plus the built-in demo wallet on the same page. */
      mode: 'demo'
      relayUrl: string
      projectId: string
      /** The dev relay's invite-key directory (the keys server's `/invite` routes). */
      keysUrl: string
    }
  | {
      /** Public WalletConnect relay plus a real wallet through the Sign API. */
      mode: 'walletconnect'
      relayUrl: string | undefined
      projectId: string
      /** No development key directory: invites need one (see the README). */
      keysUrl: undefined
    }

const DEFAULT_RELAY_URL = 'ws://127.0.0.1:5555'

/**
 * Reads the build-time environment (`VITE_RELAY_URL`, `VITE_KEYS_URL`, `VITE_WC_PROJECT_ID`). The key
 * directory defaults to the dev relay's own port, where `@chatsync/dev-relay` serves it.
 */
export function getAppConfig(env: Record<string, string | undefined> = import.meta.env): AppConfig {
  const projectId = env.VITE_WC_PROJECT_ID?.trim()
  if (projectId) return { mode: 'walletconnect', relayUrl: undefined, projectId, keysUrl: undefined }
  const relayUrl = env.VITE_RELAY_URL?.trim() || DEFAULT_RELAY_URL
  return {
    mode: 'demo',
    relayUrl,
    projectId: 'chatsync-dev',
    keysUrl: env.VITE_KEYS_URL?.trim() || relayUrl.replace(/^ws(s?):/, 'http$1:'),
  }
}
