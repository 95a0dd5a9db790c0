import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import { Core } from '@walletconnect/core'
import { encodeTypeTwoEnvelope } from '@walletconnect/utils'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openEnvelope, sealEnvelope, storeKeyBytes } from './envelope.js'

// A core that never connects (no topics): only its crypto is used, as the reference for the envelope.
let core: InstanceType<typeof Core>
let dir: string
const symKey = '02fe412cf77b84f7e1dcac2ac036ba5da857ef6c683e6e93a39005734cb289f4'
let topic: string

beforeAll(async () => {
  process.env.DISABLE_GLOBAL_CORE = 'true'
  dir = mkdtempSync(join(tmpdir(), 'chatsync-envelope-'))
  core = new Core({
    relayUrl: 'ws://127.0.0.1:9',
    projectId: 'chatsync-test',
    customStoragePrefix: `envelope-${Math.random()}`,
    storageOptions: { database: join(dir, 'db') },
    logger: 'silent',
  })
  await core.start()
  topic = await core.crypto.setSymKey(symKey)
})
afterAll(() => {
  core.heartbeat.stop()
  rmSync(dir, { recursive: true, force: true })
})

const request = { id: 1700000000000123, jsonrpc: '2.0', method: 'wc_syncDel', params: { key: 'k' } }

describe('envelope', () => {
  test('behavior: what we seal, the core opens', async () => {
    const sealed = sealEnvelope(storeKeyBytes(symKey), JSON.stringify(request))
    expect(await core.crypto.decode(topic, sealed)).toEqual(request)
  })

  test('behavior: what the core seals, we open', async () => {
    const sealed = await core.crypto.encode(topic, request as never)
    expect(openEnvelope(storeKeyBytes(symKey), sealed)).toEqual({ ok: true, text: JSON.stringify(request) })
  })

  test('behavior: every seal uses a fresh nonce', () => {
    const key = storeKeyBytes(symKey)
    expect(sealEnvelope(key, 'same')).not.toBe(sealEnvelope(key, 'same'))
  })

  test('parameters: unencrypted, foreign, tampered and malformed envelopes are refused', async () => {
    const key = storeKeyBytes(symKey)
    // The core's own decode accepts a type-2 envelope without any key.
    const plain = encodeTypeTwoEnvelope(JSON.stringify(request))
    expect(await core.crypto.decode(topic, plain)).toEqual(request)
    expect(openEnvelope(key, plain)).toEqual({ ok: false, reason: 'not-type-0' })

    const foreign = sealEnvelope(storeKeyBytes('11'.repeat(32)), 'x')
    expect(openEnvelope(key, foreign)).toEqual({ ok: false, reason: 'unauthenticated' })

    const sealed = sealEnvelope(key, JSON.stringify(request))
    const bytes = Buffer.from(sealed, 'base64')
    bytes.writeUInt8((bytes.at(-1) as number) ^ 1, bytes.length - 1)
    expect(openEnvelope(key, bytes.toString('base64'))).toEqual({ ok: false, reason: 'unauthenticated' })

    expect(openEnvelope(key, 'AAAA')).toEqual({ ok: false, reason: 'malformed' })
    expect(openEnvelope(key, 'A')).toEqual({ ok: false, reason: 'malformed' })
  })

  test('parameters: authentic bytes that are not UTF-8 are not text', () => {
    const key = storeKeyBytes(symKey)
    const iv = new Uint8Array(12).fill(7)
    const sealed = chacha20poly1305(key, iv).encrypt(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))
    const envelope = Buffer.concat([Buffer.from([0]), iv, sealed]).toString('base64')
    expect(openEnvelope(key, envelope)).toEqual({ ok: false, reason: 'not-text' })
  })
})
