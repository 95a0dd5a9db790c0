import type { InviteKeys } from '@chatsync/core'
import { ChatNotReadyError } from '../errors/chat.js'
import { didKeyToHex, encodeDidKey, toDidPkh } from '../identity/didKey.js'
import { newKeyPair } from '../protocol/invite.js'
import { CHAT_ACTS } from '../protocol/rpc.js'
import type { AccountContext } from './accountContext.js'
import { writeStore } from './writeStore.js'

/** The keys server's invite-key claims expire an hour after issue (Invite Keys spec). */
const INVITE_KEY_CLAIMS_SECONDS = 3600

export type InviteKeysManager = {
  /**
   * Once caught up: an account without an invite key (and none deleted on purpose) gets one, made and
   * registered here; an account with one has it registered, when the directory holds another.
   */
  ensure(): Promise<void>
  /** A new invite key replaces the account's (registered, then synced): invites to the old one are not read. */
  rotate(): Promise<InviteKeys>
  /** Removes the account's invite key from the directory and the store: nobody can invite it until `rotate`. */
  unregister(): Promise<void>
}

/**
 * The account's invite key (Chat spec, Invite Keys): kept in the `inviteKeys` store so every device
 * listens on its topic, and registered in the key directory with an `idAuth` signed by this device's
 * identity key. Whichever key the store holds (last writer wins) is the one the directory is brought to.
 */
export function createInviteKeys(ctx: AccountContext): InviteKeysManager {
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task)
    queue = run.catch(() => {})
    return run
  }

  const idAuth = (act: string, publicKey: string) => {
    const identity = ctx.identity
    if (!identity)
      throw new ChatNotReadyError({
        action: 'register an invite key',
        reason: 'this device has no identity key yet',
      })
    return identity.sign(
      { act, sub: encodeDidKey('x25519', publicKey), aud: ctx.keysServer.url, pkh: toDidPkh(ctx.account) },
      INVITE_KEY_CLAIMS_SECONDS,
    )
  }

  const create = async () => {
    const pair = newKeyPair()
    await ctx.keysServer.registerInviteKey(idAuth(CHAT_ACTS.registerInvite, pair.publicKey))
    const keys: InviteKeys = { ...pair, account: ctx.account }
    await writeStore(ctx.session, { store: 'inviteKeys', value: keys })
    return keys
  }

  /** Whether the account's invite key was deleted on purpose (a tombstone in the store). */
  const isDeleted = () => {
    const { ids, entries } = ctx.session.client.getSnapshot({ account: ctx.account }).stores.inviteKeys
    return ids[ctx.account] !== undefined && entries[ctx.account] === undefined
  }

  return {
    ensure: () =>
      serial(async () => {
        // Only a caught-up device decides: another device may have made the account's key already.
        if (ctx.stopped || !ctx.identity || ctx.session.getState().status !== 'ready') return
        const keys = ctx.inviteKeys()
        if (!keys) {
          if (!isDeleted()) await create()
          return
        }
        const registered = await ctx.keysServer.resolveInviteKey(ctx.account)
        if (didKeyToHex(registered, 'x25519') !== keys.publicKey)
          await ctx.keysServer.registerInviteKey(idAuth(CHAT_ACTS.registerInvite, keys.publicKey))
      }),
    rotate: () => serial(create),
    unregister: () =>
      serial(async () => {
        const keys = ctx.inviteKeys()
        if (keys) await ctx.keysServer.unregisterInviteKey(idAuth(CHAT_ACTS.unregisterInvite, keys.publicKey))
        await writeStore(ctx.session, { store: 'inviteKeys', key: keys?.account ?? ctx.account })
      }),
  }
}
