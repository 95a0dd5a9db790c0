import { afterEach, describe, expect, test, vi } from 'vitest'
import type { ChatSyncCore } from '../chatSyncCore.js'
import { relaySocketUrl } from './relaySocketUrl.js'
import { relayUrlOf } from './relayUrlOf.js'

const coreAt = (relayUrl: unknown, projectId?: string) =>
  ({ relayer: { relayUrl }, projectId }) as unknown as ChatSyncCore

describe('relayUrlOf', () => {
  test('default: scheme, host, port and path, never the query, fragment or credentials', () => {
    expect(relayUrlOf(coreAt('wss://relay.example.com?projectId=p&auth=secret.jwt'))).toBe(
      'wss://relay.example.com',
    )
    expect(relayUrlOf(coreAt('ws://user:pass@127.0.0.1:4000/v2/ws?auth=x#frag'))).toBe(
      'ws://127.0.0.1:4000/v2/ws',
    )
  })

  test('behavior: a URL the parser refuses still loses its query and credentials; none gives undefined', () => {
    expect(relayUrlOf(coreAt('not a url://user@host/path?auth=secret#x'))).toBe('not a url://host/path')
    expect(relayUrlOf(coreAt(''))).toBeUndefined()
    expect(relayUrlOf(coreAt(undefined))).toBeUndefined()
    expect(relayUrlOf(coreAt(42))).toBeUndefined()
  })
})

describe('relaySocketUrl', () => {
  const decodeClaims = (jwt: string) =>
    JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>

  test('default: the relay URL with a fresh auth token for it, the project id and the user agent', async () => {
    const first = new URL((await relaySocketUrl(coreAt('ws://127.0.0.1:4000', 'project-1'), 'ua/1 x'))!)
    const second = new URL((await relaySocketUrl(coreAt('ws://127.0.0.1:4000', 'project-1'), 'ua/1 x'))!)
    expect(`${first.protocol}//${first.host}`).toBe('ws://127.0.0.1:4000')
    expect(Object.fromEntries(first.searchParams)).toMatchObject({
      projectId: 'project-1',
      ua: 'ua/1 x',
      useOnCloseEvent: 'true',
    })
    const claims = decodeClaims(first.searchParams.get('auth')!)
    expect(claims).toMatchObject({ aud: 'ws://127.0.0.1:4000' })
    expect(claims.exp).toBe((claims.iat as number) + 86_400)
    // A fresh identity each time.
    expect(decodeClaims(second.searchParams.get('auth')!).iss).not.toBe(claims.iss)
  })

  test('behavior: a relay URL with a query of its own gets `&`; no project id gives an empty one; no URL gives undefined', async () => {
    const url = (await relaySocketUrl(coreAt('wss://relay.example.com/?region=eu'), 'ua'))!
    expect(url.startsWith('wss://relay.example.com/?region=eu&auth=')).toBe(true)
    expect(new URL(url).searchParams.get('projectId')).toBe('')
    expect(await relaySocketUrl(coreAt(''), 'ua')).toBeUndefined()
    expect(await relaySocketUrl(coreAt(undefined), 'ua')).toBeUndefined()
    expect(await relaySocketUrl(coreAt(42), 'ua')).toBeUndefined()
  })

  afterEach(() => {
    vi.restoreAllMocks()
  })

  test('behavior: the token names a random subject as the core does: its 32 bytes in hex, two digits each', async () => {
    // Random bytes 0, 1, 2, …: small ones need their leading zero.
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((array) => {
      if (array instanceof Uint8Array) {
        for (let index = 0; index < array.length; index++) array[index] = index
      }
      return array
    })
    const url = new URL((await relaySocketUrl(coreAt('ws://127.0.0.1:4000'), 'ua'))!)
    expect(decodeClaims(url.searchParams.get('auth')!).sub).toBe(
      '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
    )
  })
})
