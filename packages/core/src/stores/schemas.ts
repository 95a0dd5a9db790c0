import { z } from 'zod/mini'

/*
 * Payload schemas of the Chat stores, as zod schemas: the source of the payload types, and for apps that
 * validate with zod themselves. chatsync's own check (`parseStoreValue`) follows the same rules without
 * loading zod (a property test holds the two together), so an app that does not import these pays nothing
 * for them.
 *
 * Strictness: every documented field is required and typed; ids and timestamps are non-negative safe
 * integers; `SentInvite.status` is one of its three values; fields used as the entry's store key are
 * non-empty. Unknown extra fields are KEPT (loose objects): another client may write a newer payload
 * version through the same store, and dropping its fields on our next write would destroy its data.
 * Key material (hex strings) is not format-checked here: a wrong key fails where it is used, and a
 * too-strict check would reject entries other implementations accept.
 */

/** Built on first use: zod's schema constructors run at module load otherwise, and bundlers keep them. */
function buildSchemas() {
  const text = z.string()
  const storeKey = z.string().check(z.minLength(1))
  const safeUint = z.int().check(z.nonnegative())
  const inviteStatus = z.enum(['pending', 'rejected', 'approved'])

  const sentInvite = z.looseObject({
    id: safeUint,
    message: text,
    inviterAccount: text,
    inviteeAccount: text,
    inviterPubKeyY: text,
    inviterPrivKeyY: text,
    status: inviteStatus,
    responseTopic: storeKey,
    symKey: text,
    timestamp: safeUint,
  })

  const thread = z.looseObject({
    topic: storeKey,
    selfAccount: text,
    peerAccount: text,
    symKey: text,
  })

  const inviteKeys = z.looseObject({
    publicKey: text,
    privateKey: text,
    account: storeKey,
  })

  const receivedInviteStatus = z.looseObject({
    id: safeUint,
    status: text,
  })

  return Object.freeze({
    sentInvites: sentInvite,
    threads: thread,
    inviteKeys,
    receivedInviteStatuses: receivedInviteStatus,
  })
}

type Schemas = ReturnType<typeof buildSchemas>
let built: Schemas | undefined
const schemas = () => (built ??= buildSchemas())

/** The zod schema of each Chat store's payload (zod/mini, loose objects), made when first read. */
export const CHAT_STORE_SCHEMAS: Schemas = {
  get sentInvites() {
    return schemas().sentInvites
  },
  get threads() {
    return schemas().threads
  },
  get inviteKeys() {
    return schemas().inviteKeys
  },
  get receivedInviteStatuses() {
    return schemas().receivedInviteStatuses
  },
}

export type SentInvite = z.infer<Schemas['sentInvites']>
export type Thread = z.infer<Schemas['threads']>
export type InviteKeys = z.infer<Schemas['inviteKeys']>
export type ReceivedInviteStatus = z.infer<Schemas['receivedInviteStatuses']>
