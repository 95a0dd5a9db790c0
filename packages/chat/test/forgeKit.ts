import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { deriveSymKey, keyTopic, sealEnvelope, sealTypeOneEnvelope } from '@chatsync/core/internal'
import type { TestWallet } from '@chatsync/test'
import { type Cleanup, publishRaw, startTestCore } from '@chatsync/test/node'
import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { type Cacao, encodeDidKey, formatCacaoMessage, signJwt } from '../src/index.js'

/** A CACAO for `identityKey` with `account` as issuer, signed by `signer` (the account's wallet, or not). */
export async function makeCacao({
  account,
  identityKey,
  signer,
  payload = {},
}: {
  account: string
  identityKey: string
  signer: TestWallet['wallet']
  payload?: Partial<Cacao['p']>
}): Promise<Cacao> {
  const p: Cacao['p'] = {
    iss: `did:pkh:${account}`,
    domain: 'evil.test',
    aud: 'http://127.0.0.1',
    version: '1',
    nonce: 'f00dfeed',
    iat: new Date().toISOString(),
    resources: [identityKey],
    ...payload,
  }
  return {
    h: { t: 'eip4361' },
    p,
    s: { t: 'eip191', s: await signer.signMessage({ message: formatCacaoMessage(p) }) },
  }
}

/**
 * An attacker's kit: an identity key of its own (registered with a valid CACAO of its own wallet, unless
 * `register: false`), claims signed with any times, and raw publishes on any topic.
 */
export async function createForger(
  cleanup: Cleanup,
  relay: { url: string; keysUrl: string },
  wallet: TestWallet,
  { register = true } = {},
) {
  const secretKey = ed25519.utils.randomSecretKey()
  const identityKey = encodeDidKey('ed25519', ed25519.getPublicKey(secretKey))
  if (register) {
    const cacao = await makeCacao({ account: wallet.account, identityKey, signer: wallet.wallet })
    const response = await fetch(`${relay.keysUrl}/identity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cacao }),
    })
    if (!response.ok) throw new Error(`identity not registered: ${response.status}`)
  }
  const { core, close } = cleanup.trackCore(await startTestCore(relay.url))
  const now = Math.floor(Date.now() / 1000)
  return {
    wallet,
    identityKey,
    secretKey,
    /** A JWT by this identity key (or with another `iss`), issued now unless told otherwise. */
    sign: (claims: Record<string, unknown>) =>
      signJwt(secretKey, { iss: identityKey, iat: now, exp: now + 86_400, act: '', ...claims }),
    /**
     * An invite to the account whose invite key is `inviteePublicKey`: a type-1 envelope from a new key Y,
     * with `params` (by default a valid `inviteAuth` by this identity).
     */
    invite({
      inviteePublicKey,
      inviteeAccount,
      id = Date.now() * 1000,
      params,
      claims = {},
      y = x25519.utils.randomSecretKey(),
    }: {
      inviteePublicKey: string
      inviteeAccount: string
      id?: number
      params?: Record<string, unknown>
      claims?: Record<string, unknown>
      y?: Uint8Array
    }) {
      const yPublic = x25519.getPublicKey(y)
      const symKey = deriveSymKey({ privateKey: bytesToHex(y), publicKey: inviteePublicKey })!
      const inviteAuth = signJwt(secretKey, {
        iss: identityKey,
        iat: now,
        exp: now + 86_400,
        act: 'invite_proposal',
        sub: 'from the forger',
        aud: `did:pkh:${inviteeAccount}`,
        pke: encodeDidKey('x25519', yPublic),
        ...claims,
      })
      const request = { id, jsonrpc: '2.0', method: 'wc_chatInvite', params: params ?? { inviteAuth } }
      return {
        envelope: sealTypeOneEnvelope(hexToBytes(symKey), yPublic, JSON.stringify(request)),
        topic: keyTopic(inviteePublicKey),
        inviteAuth,
        y,
      }
    },
    publish: (topic: string, message: string, tag = 2000) => publishRaw(core, topic, message, tag),
    /** What the relay stores on `topic`, as a newcomer (or the relay itself) can read it. */
    async stored(topic: string) {
      const page = (await core.relayer.request({
        method: 'irn_batchFetchMessages',
        params: { topics: [topic] },
      })) as unknown as {
        messages: { message: string; tag: number }[]
      }
      return page.messages
    },
    /** Seals `text` for a thread (or any type-0 topic) of `symKey`. */
    seal: (symKey: string, text: string) => sealEnvelope(hexToBytes(symKey), text),
    close,
  }
}

/**
 * A keys server in front of the dev relay's that answers for one identity key with a CACAO of its own
 * making (a compromised or malicious directory); everything else goes to the real one.
 */
export async function startEvilKeysServer(
  cleanup: Cleanup,
  keysUrl: string,
  forged: { identityKey: string; cacao: Cacao },
) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://evil.local')
    if (
      req.method === 'GET' &&
      url.pathname === '/identity' &&
      url.searchParams.get('publicKey') === forged.identityKey.replace('did:key:', '')
    ) {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ status: 'SUCCESS', error: null, value: { cacao: forged.cacao } }))
      return
    }
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const answer = await fetch(`${keysUrl}${req.url}`, {
      method: req.method,
      headers: { 'content-type': 'application/json' },
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    })
    res.writeHead(answer.status, { 'content-type': 'application/json' })
    res.end(await answer.text())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanup.add(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
