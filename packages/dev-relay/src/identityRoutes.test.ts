import { createWallet } from '@chatsync/test'
import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { base58 } from '@scure/base'
import { formatMessage } from '@walletconnect/utils'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startDevRelay } from './startDevRelay.js'
import { type Cacao, cacaoMessage } from './verifyCacao.js'

const didKey = (prefix: number, key: Uint8Array) =>
  `did:key:z${base58.encode(new Uint8Array([prefix, 0x01, ...key]))}`
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

type Device = Awaited<ReturnType<typeof device>>

/** A device: a wallet, its account, and an ed25519 identity key. */
async function device() {
  const { wallet, account } = await createWallet()
  const secret = ed25519.utils.randomSecretKey()
  const identityKey = didKey(0xed, ed25519.getPublicKey(secret))
  const sign = (claims: Record<string, unknown>) => {
    const head = `${b64url({ alg: 'EdDSA', typ: 'JWT' })}.${b64url(claims)}`
    return `${head}.${Buffer.from(ed25519.sign(new TextEncoder().encode(head), secret)).toString('base64url')}`
  }
  return { wallet, account, identityKey, sign }
}

async function cacaoOf(
  { wallet, account, identityKey }: Device,
  { signer = wallet, payload = {} }: { signer?: typeof wallet; payload?: Partial<Cacao['p']> } = {},
): Promise<Cacao> {
  const p: Cacao['p'] = {
    iss: `did:pkh:${account}`,
    domain: 'chat.example',
    aud: 'http://127.0.0.1',
    version: '1',
    nonce: 'a1b2c3d4',
    iat: new Date().toISOString(),
    resources: [identityKey],
    ...payload,
  }
  const message = cacaoMessage(p, '1', wallet.address)
  return { h: { t: 'eip4361' }, p, s: { t: 'eip191', s: await signer.signMessage({ message }) } }
}

let relay: Awaited<ReturnType<typeof startDevRelay>>
let strict: Awaited<ReturnType<typeof startDevRelay>>
beforeAll(async () => {
  relay = await startDevRelay({ port: 0 })
  strict = await startDevRelay({ port: 0, keyDirectory: { acceptUnsignedInviteKeys: false } })
})
afterAll(async () => {
  await relay.close()
  await strict.close()
})

const call = async (base: string, path: string, method = 'GET', body?: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  })
  return {
    status: response.status,
    json: (await response.json()) as { status: string; error: { name: string } | null; value: unknown },
  }
}
const resolveIdentity = (base: string, key: string) =>
  call(base, `/identity?publicKey=${key.replace('did:key:', '')}`)
const inviteAuth = (d: Device, claims: Record<string, unknown> = {}) => {
  const iat = Math.floor(Date.now() / 1000)
  return d.sign({
    iss: d.identityKey,
    sub: didKey(0xec, x25519.getPublicKey(x25519.utils.randomSecretKey())),
    aud: strict.keysUrl,
    pkh: `did:pkh:${d.account}`,
    act: 'register_invite',
    iat,
    exp: iat + 3600,
    ...claims,
  })
}

describe('identity keys in the key directory', () => {
  test('default: the CAIP-122 message is the one @walletconnect/utils formats', async () => {
    const d = await device()
    const { p } = await cacaoOf(d, { payload: { statement: 'Chat as this account.' } })
    expect(cacaoMessage(p, '1', d.wallet.address)).toBe(formatMessage(p, p.iss))
    const bare = (await cacaoOf(d)).p
    expect(cacaoMessage(bare, '1', d.wallet.address)).toBe(formatMessage(bare, bare.iss))
  })

  test('behavior: a CACAO by the account registers its identity key; resolve returns it; its idAuth removes it', async () => {
    const d = await device()
    const cacao = await cacaoOf(d)
    expect((await call(relay.keysUrl!, '/identity', 'POST', { cacao })).json).toEqual({
      status: 'SUCCESS',
      error: null,
      value: null,
    })
    expect((await resolveIdentity(relay.keysUrl!, d.identityKey)).json.value).toEqual({ cacao })
    const iat = Math.floor(Date.now() / 1000)
    const idAuth = d.sign({
      iss: d.identityKey,
      aud: relay.keysUrl,
      pkh: `did:pkh:${d.account}`,
      act: 'unregister_identity',
      iat,
      exp: iat + 3600,
    })
    expect((await call(relay.keysUrl!, '/identity', 'DELETE', { idAuth })).status).toBe(200)
    const gone = await resolveIdentity(relay.keysUrl!, d.identityKey)
    expect(gone.status).toBe(404)
    expect(gone.json.error?.name).toBe('Identity key not found')
  })

  test('parameters: a CACAO of another account naming a registered identity key is refused with 409', async () => {
    const d = await device()
    const cacao = await cacaoOf(d)
    expect((await call(relay.keysUrl!, '/identity', 'POST', { cacao })).status).toBe(200)
    const mallory = await device()
    const taken = await call(relay.keysUrl!, '/identity', 'POST', {
      cacao: await cacaoOf({ ...mallory, identityKey: d.identityKey }),
    })
    expect(taken.status).toBe(409)
    expect(taken.json.error?.name).toBe('Identity key taken')
    expect((await resolveIdentity(relay.keysUrl!, d.identityKey)).json.value).toEqual({ cacao })
    // The account itself may register it again (a CACAO made anew).
    const renewed = await cacaoOf(d, { payload: { nonce: 'e5f6a7b8' } })
    expect((await call(relay.keysUrl!, '/identity', 'POST', { cacao: renewed })).status).toBe(200)
  })

  test.each([
    ['signed by another wallet', async (d: Device) => cacaoOf(d, { signer: (await device()).wallet })],
    [
      'changed after signing',
      async (d: Device) => {
        const cacao = await cacaoOf(d)
        return { ...cacao, p: { ...cacao.p, resources: [(await device()).identityKey] } }
      },
    ],
    [
      'expired',
      async (d: Device) => cacaoOf(d, { payload: { exp: new Date(Date.now() - 1000).toISOString() } }),
    ],
    [
      'without an identity key',
      async (d: Device) => cacaoOf(d, { payload: { resources: ['https://example.com'] } }),
    ],
    ['of another header type', async (d: Device) => ({ ...(await cacaoOf(d)), h: { t: 'caip122' } })],
  ])('parameters: a CACAO %s is refused with 400 and nothing is registered', async (_, make) => {
    const d = await device()
    const response = await call(relay.keysUrl!, '/identity', 'POST', { cacao: await make(d) })
    expect(response.status).toBe(400)
    expect(response.json.error?.name).toBe('Invalid cacao')
    expect((await resolveIdentity(relay.keysUrl!, d.identityKey)).status).toBe(404)
  })
})

describe('invite keys registered with an idAuth', () => {
  test('behavior: an identity key of the account registers, replaces and removes the invite key', async () => {
    const d = await device()
    await call(strict.keysUrl!, '/identity', 'POST', { cacao: await cacaoOf(d) })
    const idAuth = inviteAuth(d)
    expect((await call(strict.keysUrl!, '/invite', 'POST', { idAuth })).status).toBe(200)
    const sub = JSON.parse(Buffer.from(idAuth.split('.')[1]!, 'base64url').toString()).sub
    expect((await call(strict.keysUrl!, `/invite?account=${d.account}`)).json.value).toEqual({
      inviteKey: sub,
    })
    const remove = inviteAuth(d, { act: 'unregister_invite' })
    expect((await call(strict.keysUrl!, '/invite', 'DELETE', { idAuth: remove })).status).toBe(200)
    expect((await call(strict.keysUrl!, `/invite?account=${d.account}`)).status).toBe(404)
  })

  test.each([
    [
      'an identity key nobody registered',
      (d: Device, _: Device, stranger: Device) => inviteAuth(stranger, { pkh: `did:pkh:${d.account}` }),
    ],
    [
      'another account’s identity key',
      (d: Device, other: Device) => inviteAuth(other, { pkh: `did:pkh:${d.account}` }),
    ],
    ['an expired idAuth', (d: Device) => inviteAuth(d, { exp: Math.floor(Date.now() / 1000) - 1 })],
    ['another act', (d: Device) => inviteAuth(d, { act: 'register_identity' })],
    ['a forged signature', (d: Device) => `${inviteAuth(d).slice(0, -4)}AAAA`],
    ['a plain body', (_: Device, __: Device, ___: Device) => undefined],
  ])('parameters: %s is refused and the account keeps no invite key', async (_, make) => {
    const [d, other, stranger] = await Promise.all([device(), device(), device()])
    await call(strict.keysUrl!, '/identity', 'POST', { cacao: await cacaoOf(d) })
    await call(strict.keysUrl!, '/identity', 'POST', { cacao: await cacaoOf(other) })
    const idAuth = make(d, other, stranger)
    const body = idAuth
      ? { idAuth }
      : { account: d.account, inviteKey: didKey(0xec, new Uint8Array(32).fill(9)) }
    const response = await call(strict.keysUrl!, '/invite', 'POST', body)
    expect([400, 401]).toContain(response.status)
    expect(response.json.status).toBe('FAILURE')
    expect((await call(strict.keysUrl!, `/invite?account=${d.account}`)).status).toBe(404)
  })
})
