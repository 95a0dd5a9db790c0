import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * A development directory of Chat invite keys: which X25519 invite key (as a `did:key`) an account can be
 * invited with. It answers the routes of the WalletConnect keys server's invite-key API with the same
 * response envelope (`{ status, error, value }`), so an app can point its key-server URL at it on one
 * machine:
 *
 * - `GET /invite?account=<CAIP-10>` → `{ status: 'SUCCESS', error: null, value: { inviteKey } }`, or 404
 *   with `{ status: 'FAILURE', error: { name: 'Invite key not found', message }, value: null }`
 * - `POST /invite` with `{ account, inviteKey }` → registers (replaces) the account's key
 * - `DELETE /invite` with `{ account }` → removes it
 *
 * Unlike the keys server, it authenticates nobody: the keys server takes an `idAuth` JWT signed by an
 * identity key that the wallet registered with a CACAO; here the body carries the account and the key
 * as plain fields, and anyone who can reach the port may register a key for any account. Entries live
 * in memory only; apps register their key again when they start. Development use only.
 */
export type KeyDirectory = {
  /** Answers the request when it is one of the directory's routes; `false` leaves it to the caller. */
  handle(req: IncomingMessage, res: ServerResponse): boolean
  /** The registered invite key of `account` (a `did:key`), if any. */
  resolve(account: string): string | undefined
}

export type CreateKeyDirectoryParameters = {
  /** Accounts the directory keeps at most; registering more is refused with 507 (default 10,000). */
  maxEntries?: number
}

const PATH = '/invite'
const MAX_BODY_BYTES = 4096
/** CAIP-10: namespace:reference:address. */
const CAIP10 = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}:[-.%a-zA-Z0-9]{1,128}$/
/** A `did:key` in base58btc multibase: what the keys server hands out as `inviteKey`. */
const DID_KEY = /^did:key:z[1-9A-HJ-NP-Za-km-z]{32,64}$/

type KeysServerResponse =
  | { status: 'SUCCESS'; error: null; value: unknown }
  | { status: 'FAILURE'; error: { name: string; message: string }; value: null }

class DirectoryRequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorName: string,
    message: string,
  ) {
    super(message)
  }
}

/** eip155 addresses are hex: the same account in another letter case is the same account. */
const accountKey = (account: string) => (account.startsWith('eip155:') ? account.toLowerCase() : account)

function readAccount(value: unknown): string {
  if (typeof value !== 'string' || !CAIP10.test(value))
    throw new DirectoryRequestError(400, 'Invalid account', 'account must be a CAIP-10 account id')
  return value
}

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      // Past the limit the rest is read and dropped, so the client still gets the answer.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('error', reject)
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        reject(new DirectoryRequestError(413, 'Payload too large', `body over ${MAX_BODY_BYTES} bytes`))
        return
      }
      try {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'))
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error()
        resolve(body as Record<string, unknown>)
      } catch {
        reject(new DirectoryRequestError(400, 'Invalid body', 'body must be a JSON object'))
      }
    })
  })
}

/** Creates an empty in-memory invite-key directory. */
export function createKeyDirectory({ maxEntries = 10_000 }: CreateKeyDirectoryParameters = {}): KeyDirectory {
  const keys = new Map<string, string>()

  const send = (res: ServerResponse, statusCode: number, body: KeysServerResponse | null) => {
    // Pages on another local origin (the app's dev server) call the directory: allow them.
    res.writeHead(statusCode, {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '600',
      ...(body ? { 'content-type': 'application/json' } : {}),
    })
    res.end(body ? JSON.stringify(body) : undefined)
  }
  const success = (res: ServerResponse, value: unknown) =>
    send(res, 200, { status: 'SUCCESS', error: null, value })
  const failure = (res: ServerResponse, error: DirectoryRequestError) =>
    send(res, error.statusCode, {
      status: 'FAILURE',
      error: { name: error.errorName, message: error.message },
      value: null,
    })

  const answer = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    switch (req.method) {
      case 'OPTIONS':
        send(res, 204, null)
        return
      case 'GET': {
        const account = readAccount(url.searchParams.get('account'))
        const inviteKey = keys.get(accountKey(account))
        if (inviteKey === undefined)
          throw new DirectoryRequestError(
            404,
            'Invite key not found',
            `Cannot find Invite key with specified identifier ${account}`,
          )
        success(res, { inviteKey })
        return
      }
      case 'POST': {
        const body = await readBody(req)
        const account = readAccount(body.account)
        if (typeof body.inviteKey !== 'string' || !DID_KEY.test(body.inviteKey))
          throw new DirectoryRequestError(400, 'Invalid invite key', 'inviteKey must be a did:key')
        const key = accountKey(account)
        if (!keys.has(key) && keys.size >= maxEntries)
          throw new DirectoryRequestError(507, 'Directory full', `at most ${maxEntries} accounts`)
        keys.set(key, body.inviteKey)
        success(res, null)
        return
      }
      case 'DELETE': {
        const body = await readBody(req)
        keys.delete(accountKey(readAccount(body.account)))
        success(res, null)
        return
      }
      default:
        throw new DirectoryRequestError(405, 'Method not allowed', `${req.method ?? ''} is not supported`)
    }
  }

  return {
    handle(req, res) {
      let url: URL
      try {
        url = new URL(req.url ?? '/', 'http://directory.local')
      } catch {
        return false
      }
      if (url.pathname !== PATH) return false
      answer(req, res, url).catch((error: unknown) => {
        if (res.headersSent) return
        failure(
          res,
          error instanceof DirectoryRequestError
            ? error
            : new DirectoryRequestError(500, 'Internal error', 'the request could not be handled'),
        )
      })
      return true
    },
    resolve: (account) => keys.get(accountKey(account)),
  }
}
