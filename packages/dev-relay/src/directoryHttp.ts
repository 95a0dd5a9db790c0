import type { IncomingMessage, ServerResponse } from 'node:http'

/** A request the directory refuses: the HTTP status and the keys server's error `name`. */
export class DirectoryRequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorName: string,
    message: string,
  ) {
    super(message)
  }
}

type KeysServerResponse =
  | { status: 'SUCCESS'; error: null; value: unknown }
  | { status: 'FAILURE'; error: { name: string; message: string }; value: null }

const MAX_BODY_BYTES = 4096

/** Answers with the keys server's envelope (`{ status, error, value }`); pages on any origin may call. */
export function sendDirectoryResponse(
  res: ServerResponse,
  statusCode: number,
  body: KeysServerResponse | null,
) {
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

export const sendSuccess = (res: ServerResponse, value: unknown) =>
  sendDirectoryResponse(res, 200, { status: 'SUCCESS', error: null, value })

export const sendFailure = (res: ServerResponse, error: DirectoryRequestError) =>
  sendDirectoryResponse(res, error.statusCode, {
    status: 'FAILURE',
    error: { name: error.errorName, message: error.message },
    value: null,
  })

/** The request's JSON object body (at most 4 KiB). */
export function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
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
