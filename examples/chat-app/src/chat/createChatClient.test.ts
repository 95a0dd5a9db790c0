import type { InviteKeys, SentInvite, Thread } from '@chatsync/core'
import { describe, expect, test, vi } from 'vitest'
import { type ChatClient, type ChatStorage, type ChatWatchList, createChatClient } from './createChatClient'
import { createMemoryChatNetwork } from './createMemoryChatNetwork'
import { createInvite } from './invite'
import { generateKeyPair } from './keys'

const alice = 'eip155:1:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const bob = 'eip155:1:0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

const memoryStorage = (): ChatStorage & { data: Map<string, string> } => {
  const data = new Map<string, string>()
  return { data, getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) }
}

/** Waits until `check` passes (the memory network delivers on later microtasks). */
const until = (check: () => void) => vi.waitFor(check, { timeout: 2000, interval: 5 })

/**
 * The synced stores of one account, as the React hooks would hold them on every device of it (the sync
 * itself is the engine's job and tested there): here one object shared by the account's devices.
 */
function account(name: string) {
  const stores = {
    inviteKeys: undefined as InviteKeys | undefined,
    sentInvites: [] as SentInvite[],
    threads: [] as Thread[],
  }
  const watchList = (): ChatWatchList => ({
    account: name,
    inviteKeys: stores.inviteKeys,
    pendingInvites: stores.sentInvites.filter((invite) => invite.status === 'pending'),
    threads: stores.threads,
  })
  return { stores, watchList }
}

describe('createChatClient on an in-memory relay', () => {
  test('default: the whole flow across devices that took no part', async () => {
    const network = createMemoryChatNetwork()
    const problems: unknown[] = []
    const device = (storage = memoryStorage()) =>
      createChatClient({ transport: network.transport(), storage, onProblem: (e) => problems.push(e) })
    const a = account(alice)
    const b = account(bob)
    const [alice1, alice2, bob1] = [device(), device(), device()]
    const all: [ChatClient, ReturnType<typeof account>][] = [
      [alice1, a],
      [alice2, a],
      [bob1, b],
    ]
    const sync = () => {
      for (const [client, owner] of all) client.setWatchList(owner.watchList())
    }

    // Bob's invite key is in his synced store; his device listens on its topic.
    b.stores.inviteKeys = { account: bob, ...generateKeyPair() }
    sync()

    // Alice's device 1 invites Bob: the SentInvite is stored first, so her device 2 watches the answer.
    const invite = createInvite({
      inviterAccount: alice,
      inviteeAccount: bob,
      inviteePublicKey: b.stores.inviteKeys.publicKey,
      message: 'Hey Bob',
    })
    a.stores.sentInvites = [invite.sentInvite]
    sync()
    await alice1.publishInvite(invite)
    await until(() => expect(bob1.getSnapshot().receivedInvites).toHaveLength(1))
    const [received] = bob1.getSnapshot().receivedInvites
    expect(received).toMatchObject({ id: invite.sentInvite.id, message: 'Hey Bob', inviterAccount: alice })

    // Bob accepts: he stores the thread; every device of Alice gets the answer and the same thread.
    const bobThread = await bob1.answerInvite(received!, 'accept')
    expect(bobThread).toBeDefined()
    b.stores.threads = [bobThread!]
    sync()
    await until(() => {
      for (const client of [alice1, alice2])
        expect(client.getSnapshot().responses[invite.sentInvite.responseTopic]).toEqual({
          status: 'approved',
          thread: { ...bobThread, selfAccount: alice, peerAccount: bob },
        })
    })
    const aliceThread = alice2.getSnapshot().responses[invite.sentInvite.responseTopic] as { thread: Thread }
    a.stores.threads = [aliceThread.thread]
    a.stores.sentInvites = [{ ...invite.sentInvite, status: 'approved' }]
    alice2.settleResponse(invite.sentInvite.responseTopic)
    sync()
    expect(alice2.getSnapshot().responses).toEqual({})

    // Bob writes; Alice's device 2 shows it and replies; Bob sees the reply, device 1 sees both.
    await bob1.sendMessage(bobThread!, 'hello')
    await until(() =>
      expect(alice2.getSnapshot().messages[bobThread!.topic]?.map((m) => m.message)).toEqual(['hello']),
    )
    await alice2.sendMessage(aliceThread.thread, 'hi Bob')
    const texts = (client: ChatClient) =>
      client.getSnapshot().messages[bobThread!.topic]?.map((m) => m.message)
    await until(() => expect(texts(bob1)).toEqual(['hello', 'hi Bob']))
    await until(() => expect(texts(alice1)).toEqual(['hello', 'hi Bob']))
    expect(alice2.getSnapshot().messages[bobThread!.topic]?.map((m) => m.status)).toEqual([
      undefined,
      undefined,
    ])

    // A device added later reads the whole conversation from the relay's history.
    const alice3 = device()
    alice3.setWatchList(a.watchList())
    await until(() => expect(texts(alice3)).toEqual(['hello', 'hi Bob']))
    expect(problems).toEqual([])
  })

  test('behavior: a rejection reaches the inviter’s devices as rejected', async () => {
    const network = createMemoryChatNetwork()
    const alice1 = createChatClient({ transport: network.transport() })
    const bob1 = createChatClient({ transport: network.transport() })
    const inviteKeys = { account: bob, ...generateKeyPair() }
    bob1.setWatchList({ account: bob, inviteKeys, pendingInvites: [], threads: [] })
    const invite = createInvite({
      inviterAccount: alice,
      inviteeAccount: bob,
      inviteePublicKey: inviteKeys.publicKey,
      message: 'Hi',
    })
    alice1.setWatchList({ account: alice, pendingInvites: [invite.sentInvite], threads: [] })
    await alice1.publishInvite(invite)
    await until(() => expect(bob1.getSnapshot().receivedInvites).toHaveLength(1))
    expect(await bob1.answerInvite(bob1.getSnapshot().receivedInvites[0]!, 'reject')).toBeUndefined()
    await until(() =>
      expect(alice1.getSnapshot().responses).toEqual({
        [invite.sentInvite.responseTopic]: { status: 'rejected' },
      }),
    )
  })

  test('behavior: what cannot be opened is reported and dropped; the state stays', async () => {
    const network = createMemoryChatNetwork()
    const onProblem = vi.fn()
    const client = createChatClient({ transport: network.transport(), onProblem })
    const symKey = generateKeyPair().privateKey
    const thread: Thread = { topic: 't'.repeat(64), selfAccount: alice, peerAccount: bob, symKey }
    client.setWatchList({ account: alice, pendingInvites: [], threads: [thread] })
    await Promise.resolve()
    const before = client.getSnapshot()
    network.inject({ topic: thread.topic, message: Buffer.from('not an envelope').toString('base64') })
    expect(onProblem).toHaveBeenCalledOnce()
    expect(onProblem.mock.calls[0]?.[0]).toMatchObject({
      name: 'ChatProtocolError',
      reason: 'wrong-envelope-type',
    })
    expect(client.getSnapshot()).toBe(before)
  })

  test('behavior: a topic no longer listed is no longer listened to', async () => {
    const network = createMemoryChatNetwork()
    const sender = createChatClient({ transport: network.transport() })
    const receiver = createChatClient({ transport: network.transport() })
    const symKey = generateKeyPair().privateKey
    const thread: Thread = { topic: 'a'.repeat(64), selfAccount: alice, peerAccount: bob, symKey }
    receiver.setWatchList({
      account: bob,
      pendingInvites: [],
      threads: [{ ...thread, selfAccount: bob, peerAccount: alice }],
    })
    await sender.sendMessage(thread, 'one')
    await until(() => expect(receiver.getSnapshot().messages[thread.topic]).toHaveLength(1))
    receiver.setWatchList({ account: bob, pendingInvites: [], threads: [] })
    await sender.sendMessage(thread, 'two')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(receiver.getSnapshot().messages[thread.topic]).toHaveLength(1)
  })

  test('behavior: a reloaded device has its invites and messages back from its storage', async () => {
    const network = createMemoryChatNetwork()
    const storage = memoryStorage()
    const symKey = generateKeyPair().privateKey
    const thread: Thread = { topic: 'b'.repeat(64), selfAccount: alice, peerAccount: bob, symKey }
    const first = createChatClient({ transport: network.transport(), storage, storageKey: 'device-1' })
    await first.sendMessage(thread, 'kept')
    first.destroy()
    const again = createChatClient({ transport: network.transport(), storage, storageKey: 'device-1' })
    expect(again.getSnapshot().messages[thread.topic]?.map((m) => m.message)).toEqual(['kept'])
    // Unreadable storage starts empty rather than breaking.
    storage.data.set('device-2', '{not json')
    expect(
      createChatClient({ transport: network.transport(), storage, storageKey: 'device-2' }).getSnapshot()
        .messages,
    ).toEqual({})
  })

  test('behavior: a message the relay refused shows as failed', async () => {
    const transport = createMemoryChatNetwork().transport()
    transport.publish = async () => {
      throw new Error('relay down')
    }
    const client = createChatClient({ transport })
    const thread: Thread = {
      topic: 'c'.repeat(64),
      selfAccount: alice,
      peerAccount: bob,
      symKey: generateKeyPair().privateKey,
    }
    await expect(client.sendMessage(thread, 'lost')).rejects.toThrow('relay down')
    expect(client.getSnapshot().messages[thread.topic]).toMatchObject([{ message: 'lost', status: 'failed' }])
  })
})
