import type { ChatSyncCore } from '../chatSyncCore.js'

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')

/**
 * The address of a relay connection of our own under a fresh client identity (a new Ed25519 key, so a
 * new `iss` in the auth token), with `ua` as its user agent; `undefined` when the core does not say where
 * its relay is.
 *
 * `@walletconnect/relay-auth` is imported here, when a connection of our own is wanted (a rebuild, a
 * probe of an unreachable relay), not with this module: WalletConnect's core has loaded it already, so it
 * costs nothing at run time, and an app's bundler leaves it where the core's import puts it, beside the
 * encodings (multiformats) it holds copies of. Imported statically from here, it went with chatsync's code
 * (an app imports chatsync before its WalletConnect code), away from them: gzip, whose window is 32 KB,
 * then compressed an app's initial JavaScript 3 KB worse (`pnpm bench:size`; brotli did not mind).
 */
export async function relaySocketUrl(core: ChatSyncCore, ua: string): Promise<string | undefined> {
  const relayUrl = core.relayer.relayUrl
  if (typeof relayUrl !== 'string' || !relayUrl) return undefined
  const seed = new Uint8Array(32)
  globalThis.crypto.getRandomValues(seed)
  const subject = new Uint8Array(32)
  globalThis.crypto.getRandomValues(subject)
  const { generateKeyPair, signJWT } = await import('@walletconnect/relay-auth')
  const auth = await signJWT(hex(subject), relayUrl, 86_400, generateKeyPair(seed))
  // Written out rather than with URLSearchParams, which React Native implements only in part.
  const query = Object.entries({ auth, projectId: core.projectId ?? '', ua, useOnCloseEvent: 'true' })
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&')
  return `${relayUrl}${relayUrl.includes('?') ? '&' : '?'}${query}`
}
