/** The Chat JSON-RPC methods and their relay tags (RPC methods spec); every publish's ttl is the retention's. */
export const CHAT_RPC = {
  invite: { method: 'wc_chatInvite', tag: 2000, responseTag: 2001 },
  message: { method: 'wc_chatMessage', tag: 2002, responseTag: 2003 },
  leave: { method: 'wc_chatLeave', tag: 2004, responseTag: 2005 },
  /**
   * Not in the spec: a message (or leave) published again by a device of either account before the relay
   * forgets it, with its original id and the time the relay first received it (see the README).
   */
  copy: { method: 'chatsync_chatCopy', tag: 2010 },
} as const

/** The spec's ttl of every Chat publish: 30 days. */
export const CHAT_TTL_SECONDS = 2_592_000

/** Character limits of the Chat data structures. */
export const CHAT_LIMITS = { inviteMessage: 200, message: 1000 } as const

/** The JWT `act` of each signed payload (chat-authentication spec). */
export const CHAT_ACTS = {
  invite: 'invite_proposal',
  answer: 'invite_approval',
  message: 'chat_message',
  receipt: 'chat_receipt',
  registerInvite: 'register_invite',
  unregisterInvite: 'unregister_invite',
} as const

/** The error answer of a rejected invite (the SDKs' "User rejected." code). */
export const INVITE_REJECTED = { code: 5000, message: 'User rejected.' } as const

export type RpcRequest = { id: number; jsonrpc: '2.0'; method: string; params: Record<string, unknown> }
export type RpcResponse =
  | { id: number; jsonrpc: '2.0'; result: unknown }
  | { id: number; jsonrpc: '2.0'; error: { code: number; message: string } }

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A JSON-RPC 2.0 request or response with a safe integer id, or `undefined`. */
export function parseRpc(text: string): RpcRequest | RpcResponse | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (
    !isObject(value) ||
    value.jsonrpc !== '2.0' ||
    !Number.isSafeInteger(value.id) ||
    (value.id as number) <= 0
  )
    return undefined
  if (typeof value.method === 'string') return isObject(value.params) ? (value as RpcRequest) : undefined
  if ('result' in value) return value as RpcResponse
  const { error } = value
  if (isObject(error) && Number.isSafeInteger(error.code) && typeof error.message === 'string')
    return value as RpcResponse
  return undefined
}

/** Number of characters as people count them (code points, not UTF-16 units). */
export const characterCount = (text: string) => {
  let count = 0
  for (const _ of text) count++
  return count
}
