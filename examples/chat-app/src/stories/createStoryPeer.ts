import type { InviteKeys, Thread } from '@chatsync/core'
import { createChatClient } from '../chat/createChatClient'
import type { createMemoryChatNetwork } from '../chat/createMemoryChatNetwork'
import type { KeyDirectory } from '../chat/KeyDirectory'
import { generateKeyPair } from '../chat/keys'
import { DEMO_ACCOUNTS } from '../wallet/demoAccounts'

export type StoryPeerAnswer = 'accepts' | 'rejects'

/**
 * Bob, for stories: a chat client on the same in-memory network, with an invite key in the directory.
 * He answers every invite as told and, once a thread is open, says "hello".
 */
export async function createStoryPeer({
  network,
  directory,
  answer,
}: {
  network: ReturnType<typeof createMemoryChatNetwork>
  directory: KeyDirectory
  answer: StoryPeerAnswer
}) {
  const account = DEMO_ACCOUNTS.bob.account
  const inviteKeys: InviteKeys = { account, ...generateKeyPair() }
  await directory.register(account, inviteKeys.publicKey)
  const chat = createChatClient({ transport: network.transport() })
  const threads: Thread[] = []
  const answered = new Set<number>()
  const watch = () => chat.setWatchList({ account, inviteKeys, pendingInvites: [], threads })
  chat.subscribe(() => {
    for (const invite of chat.getSnapshot().receivedInvites) {
      if (answered.has(invite.id)) continue
      answered.add(invite.id)
      void chat.answerInvite(invite, answer === 'accepts' ? 'accept' : 'reject').then(async (thread) => {
        if (!thread) return
        threads.push(thread)
        watch()
        await chat.sendMessage(thread, 'hello')
      })
    }
  })
  watch()
  return { account, chat }
}
