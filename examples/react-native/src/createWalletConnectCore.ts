import { Core } from '@walletconnect/core'
import type { ICore } from '@walletconnect/types'
import type { AppConfig } from './getAppConfig'

/**
 * A WalletConnect core: the app's, or the demo wallet's (`storagePrefix` keeps their keys apart). Its
 * storage is AsyncStorage, which chatsync uses too unless given another (see the README for MMKV).
 * Against the dev relay there is no Verify server: its two calls answer "no attestation" at once, as
 * the web example does.
 */
export function createWalletConnectCore(config: AppConfig, storagePrefix: string): ICore {
  const core = new Core({
    projectId: config.projectId,
    ...(config.relayUrl ? { relayUrl: config.relayUrl } : {}),
    customStoragePrefix: storagePrefix,
    telemetryEnabled: false,
  })
  if (config.mode === 'demo') {
    core.verify.register = async () => ''
    core.verify.resolve = async () => undefined as unknown as { origin: string }
  }
  return core
}
