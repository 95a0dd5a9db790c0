import type { ChatSyncCore } from '../chatSyncCore.js'

/**
 * Where the core's relay is, fit to show: the scheme, host, port and path of `core.relayer.relayUrl`,
 * never its query (a relay URL may carry `auth=<JWT>` and `projectId`), fragment or credentials.
 * `undefined` when the core does not say.
 */
export function relayUrlOf(core: ChatSyncCore): string | undefined {
  const url = core.relayer.relayUrl
  if (typeof url !== 'string' || !url) return undefined
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`
  } catch {
    return url.replace(/[?#].*$/s, '').replace(/\/\/[^/@]*@/, '//')
  }
}
