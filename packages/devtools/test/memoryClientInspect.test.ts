import { MASKED } from '@chatsync/core'
import { account, createMemoryChatSyncClient, otherAccount, payloads } from '@chatsync/test'
import { describe, expect, test } from 'vitest'

// The in-memory client of the test kit, which the panel's tests and stories stand on, inspects its state
// as the engine does.
describe('createMemoryChatSyncClient: inspect', () => {
  test('default: nothing for an account that is not enabled; entries, last writers and tombstones once it is', async () => {
    const client = createMemoryChatSyncClient({
      registered: [account],
      initial: { threads: [payloads.thread(1)], inviteKeys: [payloads.inviteKeys(1)] },
    })
    expect(client.inspect({ account })).toBeUndefined()
    await client.restore({ account })
    const local = await client.set({ account, store: 'threads', value: payloads.thread(2) })
    const deleted = await client.delete({ account, store: 'threads', key: payloads.thread(1).topic })
    client.pushRemote(account, 'sentInvites', [payloads.sentInvite(1)])
    const inspection = client.inspect({ account })!
    expect(inspection).toMatchObject({
      account,
      status: 'ready',
      catchUp: { status: 'idle', last: { messages: 2, rebuilt: false } },
      relay: { connection: 'connected', connected: true, closedByApp: false, failure: undefined },
      outbox: { items: [], failures: 0, retrying: false },
      keepAlive: { nextRefreshAt: undefined, ttlSeconds: 2_592_000, refreshAfterSeconds: 1_944_000 },
    })
    expect(inspection.stores.threads).toEqual([
      { key: payloads.thread(1).topic, id: deleted.id, deleted: true, lastWriter: 'local', value: undefined },
      {
        key: payloads.thread(2).topic,
        id: local.id,
        deleted: false,
        lastWriter: 'local',
        value: { ...payloads.thread(2), symKey: MASKED },
      },
    ])
    expect(inspection.stores.inviteKeys[0]).toMatchObject({
      lastWriter: 'remote',
      value: { privateKey: MASKED, publicKey: payloads.inviteKeys(1).publicKey },
    })
    expect(inspection.stores.sentInvites[0]).toMatchObject({
      lastWriter: 'remote',
      value: { inviterPrivKeyY: MASKED, symKey: MASKED },
    })
    // A remote change to a key written here makes it remote.
    client.pushRemote(account, 'threads', [payloads.thread(2, { peerAccount: account })])
    expect(client.inspect({ account })!.stores.threads[0]).toMatchObject({ lastWriter: 'remote' })
    expect(client.inspect({ account: otherAccount })).toBeUndefined()
  })

  test('behavior: writes the relay refuses wait in the outbox for a retry; writes in flight are sending', async () => {
    const retrying = createMemoryChatSyncClient({
      registered: [account],
      writes: 'retry',
      relay: 'offline',
    })
    await retrying.restore({ account })
    const write = await retrying.set({ account, store: 'threads', value: payloads.thread(1) })
    expect(retrying.inspect({ account })).toMatchObject({
      relay: { connection: 'offline', connected: false, failure: { reason: 'refused' } },
      outbox: {
        items: [{ store: 'threads', key: write.key, id: write.id, method: 'wc_syncSet', sending: false }],
        failures: 1,
        retrying: true,
      },
      stores: { threads: [{ key: write.key, lastWriter: 'local' }] },
    })
    const hanging = createMemoryChatSyncClient({
      registered: [account],
      writes: 'hang',
      settlesAs: 'syncing',
    })
    await hanging.restore({ account })
    void hanging.delete({ account, store: 'threads', key: 'some-topic' })
    expect(hanging.inspect({ account })).toMatchObject({
      status: 'syncing',
      catchUp: { status: 'fetching', last: undefined },
      outbox: {
        items: [{ store: 'threads', key: 'some-topic', method: 'wc_syncDel', sending: true }],
        failures: 0,
        retrying: false,
      },
    })
  })
})
