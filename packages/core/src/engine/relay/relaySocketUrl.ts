import { generateKeyPair, signJWT } from '@walletconnect/relay-auth'
import type { ChatSyncCore } from '../chatSyncCore.js'

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')

/**
 * The address of a relay connection of our own under a fresh client identity (a new Ed25519 key, so a
 * new `iss` in the auth token), with `ua` as its user agent; `undefined` when the core does not say where
 * its relay is.
 */
export async function relaySocketUrl(core: ChatSyncCore, ua: string): Promise<string | undefined> {
  const relayUrl = core.relayer.relayUrl
  if (typeof relayUrl !== 'string' || !relayUrl) return undefined
  const seed = new Uint8Array(32)
  globalThis.crypto.getRandomValues(seed)
  const subject = new Uint8Array(32)
  globalThis.crypto.getRandomValues(subject)
  const auth = await signJWT(hex(subject), relayUrl, 86_400, generateKeyPair(seed))
  // Written out rather than with URLSearchParams, which React Native implements only in part.
  const query = Object.entries({ auth, projectId: core.projectId ?? '', ua, useOnCloseEvent: 'true' })
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&')
  return `${relayUrl}${relayUrl.includes('?') ? '&' : '?'}${query}`
}
