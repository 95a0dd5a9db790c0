import {
  type ChatSyncStorage,
  isUserRejection,
  SignatureRejectedError,
  SignatureRequestFailedError,
  type Signer,
} from '@chatsync/core'
import { recoverPersonalSignAddress } from '@chatsync/core/internal'
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js'
import { IdentitySignatureError } from '../errors/chat.js'
import { type Cacao, formatCacaoMessage } from './cacao.js'
import type { KeysServerClient } from './createKeysServerClient.js'
import { encodeDidKey, toDidPkh } from './didKey.js'
import { ed25519PublicKey, generateEd25519Key } from './ed25519.js'
import { type ClaimsToSign, signJwt } from './jwt.js'

/** This device's identity key for one account: it signs the Chat claims. */
export type DeviceIdentity = {
  /** The identity key as a `did:key` (public). */
  readonly identityKey: string
  /** A JWT of `claims` by this identity key, issued now and expiring `ttlSeconds` later. */
  sign(claims: ClaimsToSign, ttlSeconds: number): string
}

type IdentityRecord = { version: 1; secretKey: string; cacao: Cacao; registered: boolean }

export type LoadDeviceIdentityParameters = {
  account: string
  storage: ChatSyncStorage
  storageKey: string
  keysServer: KeysServerClient
  /** Signs the CACAO (asked once per device and account; the identity is kept in `storage`). */
  signer: Signer
  /** The app's domain, shown to the user in the message to sign. */
  domain: string
  now: () => number
  /** Called before the wallet is asked (the status shows it). */
  onSigning?: (() => void) | undefined
  /** `false`: load a kept identity only, never asking the wallet (resolves `undefined` when none is kept). */
  ask?: boolean | undefined
}

const STATEMENT = 'Authorize this device to send and receive chat messages on behalf of this account.'

const isRecord = (value: unknown): value is IdentityRecord =>
  typeof value === 'object' &&
  value !== null &&
  (value as IdentityRecord).version === 1 &&
  /^[0-9a-f]{64}$/.test((value as IdentityRecord).secretKey) &&
  typeof (value as IdentityRecord).cacao === 'object'

/**
 * The device's identity key for `account` (Identity Keys spec): kept in `storage` once made, so a reload
 * asks nothing. Otherwise a new ed25519 key, a CACAO (CAIP-122, `eip191`) the wallet signs once to
 * authorise it, checked to recover to the account, kept, then registered with the keys server (again on
 * the next start if that failed). The secret key is never logged. With `ask: false`, only a kept
 * identity is loaded (`undefined` when there is none).
 * @throws {SignatureRejectedError} the user declined; {@link IdentitySignatureError} another signer;
 * `SignatureRequestFailedError`; `KeysServerError` (the identity is kept: the next start registers it).
 */
export async function loadDeviceIdentity(
  parameters: LoadDeviceIdentityParameters,
): Promise<DeviceIdentity | undefined> {
  const { account, storage, storageKey, keysServer, signer, domain, now } = parameters
  let record = await storage.getItem<unknown>(storageKey)
  if (!isRecord(record) && parameters.ask === false) return undefined
  if (!isRecord(record)) {
    const { secretKey, publicKey } = generateEd25519Key()
    const p: Cacao['p'] = {
      iss: toDidPkh(account),
      domain,
      aud: keysServer.url,
      version: '1',
      nonce: bytesToHex(randomBytes(8)),
      iat: new Date(now()).toISOString(),
      statement: STATEMENT,
      resources: [encodeDidKey('ed25519', publicKey)],
    }
    const message = formatCacaoMessage(p)
    parameters.onSigning?.()
    let signature: string
    try {
      signature = await signer.signMessage({ account, message })
    } catch (cause) {
      throw isUserRejection(cause)
        ? new SignatureRejectedError({ cause })
        : new SignatureRequestFailedError({ cause })
    }
    const address = account.split(':')[2]?.toLowerCase()
    if (recoverPersonalSignAddress(message, signature) !== address)
      throw new IdentitySignatureError({ account })
    record = {
      version: 1,
      secretKey: bytesToHex(secretKey),
      cacao: { h: { t: 'eip4361' }, p, s: { t: 'eip191', s: signature } },
      registered: false,
    }
    await storage.setItem(storageKey, record)
  }
  const kept = record as IdentityRecord
  if (!kept.registered) {
    await keysServer.registerIdentity(kept.cacao)
    kept.registered = true
    await storage.setItem(storageKey, kept)
  }
  const secretKey = hexToBytes(kept.secretKey)
  // The key the CACAO authorises is this device's own (made above with it): no curve arithmetic on the
  // way to showing the chat (a first ed25519 multiplication costs tens of ms in a browser).
  const authorised = kept.cacao.p?.resources?.[0]
  const identityKey =
    typeof authorised === 'string' && authorised.startsWith('did:key:z6Mk')
      ? authorised
      : encodeDidKey('ed25519', ed25519PublicKey(secretKey))
  return {
    identityKey,
    sign(claims, ttlSeconds) {
      const iat = Math.floor(now() / 1000)
      return signJwt(secretKey, {
        ...claims,
        ksu: keysServer.url,
        iss: identityKey,
        iat,
        exp: iat + ttlSeconds,
      })
    },
  }
}
