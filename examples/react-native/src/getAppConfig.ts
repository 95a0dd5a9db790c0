import { Platform } from 'react-native'

/** How the app reaches a relay and a wallet. */
export type AppConfig =
  | {
      /** The local dev relay (`npm start` at the repository root) and a demo wallet in the app. */
      mode: 'demo'
      relayUrl: string
      projectId: string
    }
  | {
      /** WalletConnect's relay and a wallet app on the phone, through the Sign API. */
      mode: 'walletconnect'
      relayUrl: undefined
      projectId: string
    }

/**
 * From the build's environment (Expo inlines `EXPO_PUBLIC_*` variables): `EXPO_PUBLIC_WC_PROJECT_ID`
 * selects WalletConnect's relay and real wallets; without it the dev relay is used, at
 * `EXPO_PUBLIC_RELAY_URL` or where a simulator finds the computer's 127.0.0.1 (the Android emulator at
 * 10.0.2.2).
 */
export function getAppConfig(): AppConfig {
  const projectId = process.env.EXPO_PUBLIC_WC_PROJECT_ID?.trim()
  if (projectId) return { mode: 'walletconnect', relayUrl: undefined, projectId }
  const host = Platform.OS === 'android' ? '10.0.2.2' : '127.0.0.1'
  const relayUrl = process.env.EXPO_PUBLIC_RELAY_URL?.trim() || `ws://${host}:5555`
  return { mode: 'demo', relayUrl, projectId: 'chatsync-dev' }
}
