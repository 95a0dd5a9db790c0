import type { InviteKeys } from '@chatsync/core'
import { randomHex } from '../randomHex'

/** A fresh invite key pair for `account` (what rotating the invite key stores). */
export function createInviteKeys(account: string): InviteKeys {
  return { account, publicKey: randomHex(), privateKey: randomHex() }
}
