import { Core } from '@walletconnect/core'
import type { ICore } from '@walletconnect/types'
import type { AppConfig } from '../getAppConfig'

export type CreateWalletConnectCoreParameters = {
  config: AppConfig
  /** Keeps this core's keys, pairings and sessions apart from every other core on the page. */
  storagePrefix: string
}

/**
 * A WalletConnect core for one device or for the demo wallet.
 *
 * Against the local dev relay there is no Verify server to ask for attestations; sign-client 2.25
 * registers one for every proposal and request (an iframe to verify.walletconnect.org that only gives
 * up after 5 s) and resolves one for every incoming proposal. The core offers no option to point
 * Verify elsewhere, so in demo mode both calls answer at once with "no attestation", which
 * sign-client already treats as an unverified origin.
 */
export function createWalletConnectCore({ config, storagePrefix }: CreateWalletConnectCoreParameters): ICore {
  const core = new Core({
    projectId: config.projectId,
    ...(config.relayUrl ? { relayUrl: config.relayUrl } : {}),
    customStoragePrefix: storagePrefix,
    telemetryEnabled: false,
  })
  if (config.mode === 'demo') {
    core.verify.register = async () => ''
    // The declared type leaves out the `undefined` the real implementation returns for "unknown".
    core.verify.resolve = async () => undefined as unknown as { origin: string }
  }
  return core
}
