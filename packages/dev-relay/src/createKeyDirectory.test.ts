import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type DevRelay, startDevRelay } from './startDevRelay.js'

const alice = 'eip155:1:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const keyA = 'did:key:z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F'
const keyB = 'did:key:z6LStTPuJjDfTJccKp7jKCbqZLkXP9QLbAeT925Th3kvzvzX'

let relay: DevRelay
let invite: string
beforeAll(async () => {
  // Plain bodies (as clients that predate identity keys send them), taken only when asked for.
  relay = await startDevRelay({ port: 0, keyDirectory: { acceptUnsignedInviteKeys: true } })
  invite = `${relay.keysUrl}/invite`
})
afterAll(() => relay.close())

const resolve = (account: string) => fetch(`${invite}?account=${encodeURIComponent(account)}`)
const send = (method: 'POST' | 'DELETE', body: unknown) =>
  fetch(invite, {
    method,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('the invite-key directory on the relay port', () => {
  test('default: an unknown account is answered as the keys server answers it', async () => {
    expect(relay.keysUrl).toBe(relay.url.replace('ws://', 'http://'))
    const response = await resolve('eip155:1:0x0000000000000000000000000000000000000001')
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      status: 'FAILURE',
      error: {
        name: 'Invite key not found',
        message:
          'Cannot find Invite key with specified identifier eip155:1:0x0000000000000000000000000000000000000001',
      },
      value: null,
    })
  })

  test('behavior: register, resolve (any letter case of an eip155 address), replace, remove', async () => {
    const registered = await send('POST', { account: alice, inviteKey: keyA })
    expect(registered.status).toBe(200)
    expect(await registered.json()).toEqual({ status: 'SUCCESS', error: null, value: null })
    const found = await resolve(alice.toLowerCase())
    expect(await found.json()).toEqual({ status: 'SUCCESS', error: null, value: { inviteKey: keyA } })

    await send('POST', { account: alice, inviteKey: keyB })
    expect((await (await resolve(alice)).json()).value).toEqual({ inviteKey: keyB })

    expect((await send('DELETE', { account: alice })).status).toBe(200)
    expect((await resolve(alice)).status).toBe(404)
  })

  test('behavior: pages on another origin may call it (CORS preflight and headers)', async () => {
    const preflight = await fetch(invite, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST')
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type')
    expect((await resolve(alice)).headers.get('access-control-allow-origin')).toBe('*')
  })

  test.each([
    ['an account that is not CAIP-10', { account: 'alice', inviteKey: keyA }, 'Invalid account'],
    ['a key that is not a did:key', { account: alice, inviteKey: 'ab'.repeat(32) }, 'Invalid invite key'],
    ['a body that is not JSON', '{"account":', 'Invalid body'],
    ['a JSON array', '[]', 'Invalid body'],
  ])('parameters: %s is refused with 400 and nothing is stored', async (_, body, name) => {
    const response = await send('POST', body)
    expect(response.status).toBe(400)
    const json = await response.json()
    expect(json).toMatchObject({ status: 'FAILURE', error: { name }, value: null })
    expect((await resolve(alice)).status).toBe(404)
  })

  test('parameters: a body over 4 KiB is refused with 413', async () => {
    const response = await send('POST', { account: alice, inviteKey: keyA, padding: 'x'.repeat(5000) })
    expect(response.status).toBe(413)
    expect((await resolve(alice)).status).toBe(404)
  })

  test('parameters: another method is refused with 405; other paths stay the relay’s', async () => {
    expect((await fetch(invite, { method: 'PUT' })).status).toBe(405)
    const other = await fetch(`${relay.keysUrl}/`)
    expect(other.status).toBe(200)
    expect(await other.text()).toContain('chatsync dev relay')
  })

  test('parameters: keyDirectory: false serves no directory', async () => {
    const plain = await startDevRelay({ port: 0, keyDirectory: false })
    try {
      expect(plain.keysUrl).toBeUndefined()
      const response = await fetch(`${plain.url.replace('ws://', 'http://')}/invite?account=${alice}`)
      expect(await response.text()).toContain('chatsync dev relay')
    } finally {
      await plain.close()
    }
  })
})
