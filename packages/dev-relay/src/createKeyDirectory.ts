import type { IncomingMessage, ServerResponse } from 'node:http'
import { decodeDidKey } from './didKey.js'
import {
  DirectoryRequestError,
  readJsonBody,
  sendDirectoryResponse,
  sendFailure,
  sendSuccess,
} from './directoryHttp.js'
import { type Cacao, verifyCacao } from './verifyCacao.js'
import { verifyIdAuth } from './verifyIdAuth.js'

/**
 * A development key directory: the routes of the WalletConnect keys server, with its response envelope
 * (`{ status, error, value }`), so an app can point its key-server URL at it on one machine.
 *
 * Identity keys (an ed25519 key per device, authorised by the account's wallet with a CACAO):
 * - `POST /identity` `{ cacao }`: the CACAO is verified (see `verifyCacao`), then its identity key is
 *   registered for its account (409 `Identity key taken` when it is registered for another)
 * - `GET /identity?publicKey=<z…>` → `{ cacao }`, or 404 `Identity key not found`
 * - `DELETE /identity` `{ idAuth }`: a JWT (`act: unregister_identity`) signed by that identity key
 *
 * Invite keys (the X25519 key an account is invited with):
 * - `GET /invite?account=<CAIP-10>` → `{ inviteKey }` (a `did:key`), or 404 `Invite key not found`
 * - `POST /invite` `{ idAuth }`: a JWT (`act: register_invite`, `sub`: the invite key's `did:key`,
 *   `pkh`: the account) signed by an identity key registered for that account; replaces its key
 * - `DELETE /invite` `{ idAuth }` (`act: unregister_invite`), likewise
 *
 * It checks more than the keys server does: the keys server takes any well-signed `idAuth` for an invite
 * key, this directory only one whose issuer is an identity key of the `pkh` account. With
 * `acceptUnsignedInviteKeys` (for clients that predate identity keys; off by default) it also takes the
 * plain `{ account, inviteKey }` and `{ account }` bodies, which anyone may send for any account. Entries live
 * in memory only. Development use only.
 */
export type KeyDirectory = {
  /** Answers the request when it is one of the directory's routes; `false` leaves it to the caller. */
  handle(req: IncomingMessage, res: ServerResponse): boolean
  /** The registered invite key of `account` (a `did:key`), if any. */
  resolve(account: string): string | undefined
}

export type CreateKeyDirectoryParameters = {
  /** Accounts (and identity keys) the directory keeps at most; more are refused with 507 (default 10,000). */
  maxEntries?: number
  /** Also take invite keys registered without an `idAuth` (default `false`). */
  acceptUnsignedInviteKeys?: boolean
}

/** CAIP-10: namespace:reference:address. */
const CAIP10 = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}:[-.%a-zA-Z0-9]{1,128}$/

/** eip155 addresses are hex: the same account in another letter case is the same account. */
const accountKey = (account: string) => (account.startsWith('eip155:') ? account.toLowerCase() : account)

function readAccount(value: unknown): string {
  if (typeof value !== 'string' || !CAIP10.test(value))
    throw new DirectoryRequestError(400, 'Invalid account', 'account must be a CAIP-10 account id')
  return value
}

function readInviteKey(value: unknown): string {
  if (typeof value !== 'string' || !decodeDidKey(value, 'x25519'))
    throw new DirectoryRequestError(400, 'Invalid invite key', 'inviteKey must be an X25519 did:key')
  return value
}

/** Creates an empty in-memory key directory. */
export function createKeyDirectory({
  maxEntries = 10_000,
  acceptUnsignedInviteKeys = false,
}: CreateKeyDirectoryParameters = {}): KeyDirectory {
  const inviteKeys = new Map<string, string>()
  const identities = new Map<string, { account: string; cacao: Cacao }>()

  const checkRoom = (map: Map<string, unknown>, key: string) => {
    if (!map.has(key) && map.size >= maxEntries)
      throw new DirectoryRequestError(507, 'Directory full', `at most ${maxEntries} entries`)
  }

  /** The account an `idAuth` speaks for, once its issuer is an identity key registered for it. */
  const authorise = (body: Record<string, unknown>, act: string) => {
    const { claims, identityKey, account } = verifyIdAuth(body.idAuth, act)
    const identity = identities.get(identityKey)
    if (!identity || accountKey(identity.account) !== accountKey(readAccount(account)))
      throw new DirectoryRequestError(401, 'Invalid idAuth', 'the issuer is no identity key of the account')
    return { claims, account, identityKey }
  }

  /** Whether a body must be an `idAuth` (always, unless unsigned ones are accepted and this is one). */
  const isSigned = (body: Record<string, unknown>) => body.idAuth !== undefined || !acceptUnsignedInviteKeys

  const identityRoute = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    switch (req.method) {
      case 'GET': {
        const publicKey = url.searchParams.get('publicKey') ?? ''
        const identity = identities.get(publicKey.replace(/^did:key:/, ''))
        if (!identity)
          throw new DirectoryRequestError(
            404,
            'Identity key not found',
            `Cannot find Identity key with specified identifier ${publicKey.slice(0, 100)}`,
          )
        return sendSuccess(res, { cacao: identity.cacao })
      }
      case 'POST': {
        const { cacao, account, identityKey } = verifyCacao((await readJsonBody(req)).cacao)
        // Anyone can sign a CACAO naming a key they saw: a key of one account is never moved to another.
        const registered = identities.get(identityKey)
        if (registered && accountKey(registered.account) !== accountKey(account))
          throw new DirectoryRequestError(409, 'Identity key taken', 'registered for another account')
        checkRoom(identities, identityKey)
        identities.set(identityKey, { account, cacao })
        return sendSuccess(res, null)
      }
      case 'DELETE': {
        const { identityKey } = authorise(await readJsonBody(req), 'unregister_identity')
        identities.delete(identityKey)
        return sendSuccess(res, null)
      }
    }
    throw new DirectoryRequestError(405, 'Method not allowed', `${req.method ?? ''} is not supported`)
  }

  const inviteRoute = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    switch (req.method) {
      case 'GET': {
        const account = readAccount(url.searchParams.get('account'))
        const inviteKey = inviteKeys.get(accountKey(account))
        if (inviteKey === undefined)
          throw new DirectoryRequestError(
            404,
            'Invite key not found',
            `Cannot find Invite key with specified identifier ${account}`,
          )
        return sendSuccess(res, { inviteKey })
      }
      case 'POST': {
        const body = await readJsonBody(req)
        const signed = isSigned(body) ? authorise(body, 'register_invite') : undefined
        const account = signed ? signed.account : readAccount(body.account)
        const inviteKey = readInviteKey(signed ? signed.claims.sub : body.inviteKey)
        checkRoom(inviteKeys, accountKey(account))
        inviteKeys.set(accountKey(account), inviteKey)
        return sendSuccess(res, null)
      }
      case 'DELETE': {
        const body = await readJsonBody(req)
        const signed = isSigned(body) ? authorise(body, 'unregister_invite') : undefined
        inviteKeys.delete(accountKey(signed ? signed.account : readAccount(body.account)))
        return sendSuccess(res, null)
      }
    }
    throw new DirectoryRequestError(405, 'Method not allowed', `${req.method ?? ''} is not supported`)
  }

  const routes: Record<string, typeof inviteRoute> = { '/invite': inviteRoute, '/identity': identityRoute }

  return {
    handle(req, res) {
      let url: URL
      try {
        url = new URL(req.url ?? '/', 'http://directory.local')
      } catch {
        return false
      }
      const route = routes[url.pathname]
      if (!route) return false
      const answer =
        req.method === 'OPTIONS'
          ? Promise.resolve(sendDirectoryResponse(res, 204, null))
          : route(req, res, url)
      answer.catch((error: unknown) => {
        if (res.headersSent) return
        sendFailure(
          res,
          error instanceof DirectoryRequestError
            ? error
            : new DirectoryRequestError(500, 'Internal error', 'the request could not be handled'),
        )
      })
      return true
    },
    resolve: (account) => inviteKeys.get(accountKey(account)),
  }
}
