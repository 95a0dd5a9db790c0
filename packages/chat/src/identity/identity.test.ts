import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto'
import { createWallet } from '@chatsync/test'
import { ed25519 } from '@noble/curves/ed25519.js'
import { encodeIss } from '@walletconnect/relay-auth'
import { formatMessage } from '@walletconnect/utils'
import { describe, expect, test } from 'vitest'
import { type Cacao, formatCacaoMessage, verifyCacao } from './cacao.js'
import { decodeDidKey, encodeDidKey } from './didKey.js'
import { signJwt } from './jwt.js'
import { verifyJwt } from './verifyJwt.js'

const NOW = Date.UTC(2026, 0, 15, 12) // ms
const iat = NOW / 1000

/** A JWT made without this package: node:crypto's ed25519 and Buffer's base64url. */
function handMadeJwt(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'EdDSA', typ: 'JWT' },
) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12)
  const iss = encodeDidKey('ed25519', new Uint8Array(raw))
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const input = `${part(header)}.${part({ iss, ...claims })}`
  return {
    token: `${input}.${nodeSign(null, Buffer.from(input), privateKey).toString('base64url')}`,
    iss,
    publicKey,
  }
}

const valid = {
  act: 'chat_message',
  sub: 'hi',
  aud: 'did:pkh:eip155:1:0x0000000000000000000000000000000000000001',
  iat,
  exp: iat + 86_400,
}

describe('did:key', () => {
  test('default: ed25519 keys encode as relay-auth encodes them, and both curves round-trip', () => {
    const secret = ed25519.utils.randomSecretKey()
    const publicKey = ed25519.getPublicKey(secret)
    expect(encodeDidKey('ed25519', publicKey)).toBe(encodeIss(publicKey))
    expect(decodeDidKey(encodeDidKey('ed25519', publicKey), 'ed25519')).toEqual(publicKey)
    // The keys server's documented X25519 invite key.
    const inviteKey = 'did:key:z6LStTPuJjDfTJccKp7jKCbqZLkXP9QLbAeT925Th3kvzvzX'
    expect(encodeDidKey('x25519', decodeDidKey(inviteKey, 'x25519')!)).toBe(inviteKey)
  })

  test('parameters: another curve, another method, or broken base58 is no key', () => {
    expect(
      decodeDidKey('did:key:z6LStTPuJjDfTJccKp7jKCbqZLkXP9QLbAeT925Th3kvzvzX', 'ed25519'),
    ).toBeUndefined()
    expect(
      decodeDidKey('did:pkh:eip155:1:0x0000000000000000000000000000000000000001', 'ed25519'),
    ).toBeUndefined()
    expect(decodeDidKey('did:key:z6Mk0OIl', 'ed25519')).toBeUndefined()
    expect(decodeDidKey(42, 'x25519')).toBeUndefined()
  })
})

describe('did-jwt claims, hand-made tokens', () => {
  test('default: a token made by node:crypto verifies; ours verify with node:crypto', async () => {
    const { token } = handMadeJwt(valid)
    expect(await verifyJwt(token, { act: 'chat_message', at: NOW })).toMatchObject({
      ok: true,
      claims: { sub: 'hi' },
    })
    const secret = ed25519.utils.randomSecretKey()
    const ours = signJwt(secret, { iss: encodeDidKey('ed25519', ed25519.getPublicKey(secret)), ...valid })
    const [head, payload, signature] = ours.split('.') as [string, string, string]
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), ed25519.getPublicKey(secret)])
    const key = (await import('node:crypto')).createPublicKey({ key: spki, format: 'der', type: 'spki' })
    expect(
      nodeVerify(null, Buffer.from(`${head}.${payload}`), key, Buffer.from(signature, 'base64url')),
    ).toBe(true)
    expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toEqual({ alg: 'EdDSA', typ: 'JWT' })
  })

  test.each([
    ['another act', () => handMadeJwt({ ...valid, act: 'chat_receipt' }).token, 'invalid-jwt'],
    ['alg none', () => handMadeJwt(valid, { alg: 'none', typ: 'JWT' }).token, 'invalid-jwt'],
    ['no exp', () => handMadeJwt({ ...valid, exp: undefined }).token, 'invalid-jwt'],
    [
      'an X25519 issuer',
      () => handMadeJwt({ ...valid, iss: 'did:key:z6LStTPuJjDfTJccKp7jKCbqZLkXP9QLbAeT925Th3kvzvzX' }).token,
      'invalid-jwt',
    ],
    ['two parts', () => handMadeJwt(valid).token.split('.').slice(0, 2).join('.'), 'invalid-jwt'],
    [
      'a changed claim',
      () => {
        const [h, p, s] = handMadeJwt(valid).token.split('.') as [string, string, string]
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString())
        return `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'bye' })).toString('base64url')}.${s}`
      },
      'bad-signature',
    ],
    [
      'another key’s signature',
      () => {
        const { token } = handMadeJwt(valid)
        const other = handMadeJwt(valid)
        return `${token.split('.').slice(0, 2).join('.')}.${other.token.split('.')[2]}`
      },
      'bad-signature',
    ],
    ['expired when the relay received it', () => handMadeJwt({ ...valid, exp: iat - 1 }).token, 'expired'],
    [
      'issued after the relay received it',
      () => handMadeJwt({ ...valid, iat: iat + 3600, exp: iat + 7200 }).token,
      'expired',
    ],
  ])('parameters: %s is refused (%s)', async (_, make, reason) => {
    expect(await verifyJwt(make(), { act: 'chat_message', at: NOW })).toEqual({ ok: false, reason })
  })

  test('behavior: a token is judged at the time given (when the relay received it), not now', async () => {
    const { token } = handMadeJwt({ ...valid, iat: iat - 3 * 86_400, exp: iat - 2 * 86_400 })
    expect((await verifyJwt(token, { act: 'chat_message', at: NOW })).ok).toBe(false)
    expect((await verifyJwt(token, { act: 'chat_message', at: NOW - 2.5 * 86_400_000 })).ok).toBe(true)
  })
})

describe('CACAO, hand-made', () => {
  const identityKey = encodeDidKey('ed25519', ed25519.getPublicKey(ed25519.utils.randomSecretKey()))
  async function cacaoOf(
    payload: Partial<Cacao['p']> = {},
    signer?: Awaited<ReturnType<typeof createWallet>>,
  ) {
    const wallet = await createWallet()
    const p: Cacao['p'] = {
      iss: `did:pkh:eip155:1:${wallet.wallet.address}`,
      domain: 'chat.test',
      aud: 'https://keys.walletconnect.com',
      version: '1',
      nonce: '0123abcd',
      iat: new Date(NOW - 1000).toISOString(),
      resources: [identityKey],
      ...payload,
    }
    const s = await (signer ?? wallet).wallet.signMessage({ message: formatCacaoMessage(p) })
    return {
      cacao: { h: { t: 'eip4361' }, p, s: { t: 'eip191', s } } as Cacao,
      account: `eip155:1:${wallet.wallet.address}`,
    }
  }

  test('default: the CAIP-122 message is @walletconnect/utils’ byte for byte; the wallet’s CACAO gives its account', async () => {
    const full = {
      statement: 'Chat as me.',
      exp: new Date(NOW + 1000).toISOString(),
      nbf: new Date(NOW - 1000).toISOString(),
      requestId: 'r-1',
    }
    for (const payload of [{}, full]) {
      const { cacao, account } = await cacaoOf(payload)
      expect(formatCacaoMessage(cacao.p)).toBe(formatMessage(cacao.p, cacao.p.iss))
      expect(verifyCacao(cacao, { identityKey, now: NOW })).toEqual({ ok: true, account })
    }
  })

  test.each([
    ['signed by another wallet', async () => (await cacaoOf({}, await createWallet())).cacao, 'wrong-signer'],
    [
      'with a field changed after signing',
      async () => {
        const { cacao } = await cacaoOf()
        return { ...cacao, p: { ...cacao.p, nonce: 'ffffffff' } }
      },
      'wrong-signer',
    ],
    [
      'for another identity key',
      async () => (await cacaoOf({ resources: [encodeDidKey('ed25519', new Uint8Array(32).fill(1))] })).cacao,
      'wrong-key',
    ],
    ['expired', async () => (await cacaoOf({ exp: new Date(NOW - 1).toISOString() })).cacao, 'expired'],
    [
      'not valid yet',
      async () => (await cacaoOf({ nbf: new Date(NOW + 60_000).toISOString() })).cacao,
      'expired',
    ],
    [
      'of another header type',
      async () => ({ ...(await cacaoOf()).cacao, h: { t: 'caip122' } }),
      'unsupported',
    ],
    [
      'with an eip1271 signature',
      async () => {
        const { cacao } = await cacaoOf()
        return { ...cacao, s: { ...cacao.s, t: 'eip1271' } }
      },
      'unsupported',
    ],
    [
      'of another namespace',
      async () =>
        (
          await cacaoOf({
            iss: 'did:pkh:solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp:7S3P4HxJpyyigGzodYwHtCxZyUQe9JiBMHyRWXArAaKv',
          })
        ).cacao,
      'unsupported',
    ],
    [
      'without a nonce',
      async () => {
        const { cacao } = await cacaoOf()
        const { nonce: _, ...p } = cacao.p
        return { ...cacao, p }
      },
      'malformed',
    ],
  ])('parameters: a CACAO %s is refused (%s)', async (_, make, reason) => {
    expect(verifyCacao(await make(), { identityKey, now: NOW })).toEqual({ ok: false, reason })
  })
})

describe('base64url', () => {
  test('default: the platform codec agrees with Buffer’s, every length, every byte', async () => {
    const { fromBase64Url, toBase64Url } = await import('./base64url.js')
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, index) => (index * 97 + length) % 256)
      const text = Buffer.from(bytes).toString('base64url')
      expect(toBase64Url(bytes)).toBe(text)
      expect(fromBase64Url(text)).toEqual(bytes)
    }
    expect(fromBase64Url('ab+/')).toBeUndefined()
    expect(fromBase64Url('abcde')).toBeUndefined()
    expect(fromBase64Url('ab==')).toBeUndefined()
  })
})
