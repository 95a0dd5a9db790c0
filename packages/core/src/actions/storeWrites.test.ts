import { describe, expect, test, vi } from 'vitest'
import { EMPTY_SNAPSHOT } from '../engine/accountSnapshot.js'
import { StorageError } from '../errors/engine.js'
import { createChatSyncSession } from '../session/createChatSyncSession.js'
import type { SessionClient, SessionWriteResult } from '../session/types.js'
import { deleteStoreValue, deleteStoreValueMutationOptions } from './deleteStoreValue.js'
import { setStoreValue, setStoreValueMutationOptions } from './setStoreValue.js'

/*
 * The promise of the hooks' writes: a write resolves once the change is in the device's storage (it then
 * survives the app being killed), not merely applied.
 */

const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
const thread = {
  topic: 'a'.repeat(64),
  selfAccount: account,
  peerAccount: 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee',
  symKey: 'ab'.repeat(32),
}

function deferred() {
  let resolve!: () => void
  let reject!: (error: Error) => void
  const promise = new Promise<void>((settle, fail) => {
    resolve = settle
    reject = fail
  })
  return { promise, resolve, reject }
}

/** A client whose writes apply at once and are saved when the test says. */
function clientDouble() {
  const saves: ReturnType<typeof deferred>[] = []
  const result = (key: string): SessionWriteResult => {
    const saved = deferred()
    saves.push(saved)
    return { key, id: 1000 + saves.length, delivered: new Promise<void>(() => {}), saved: saved.promise }
  }
  const client: SessionClient = {
    getMessage: () => 'sign',
    register: async () => {},
    restore: async () => true,
    unregister: async () => {},
    getSnapshot: () => ({ ...EMPTY_SNAPSHOT, status: 'ready' }),
    on: () => () => {},
    set: vi.fn(async ({ value }) => result((value as { topic: string }).topic)),
    delete: vi.fn(async ({ key }) => result(key)),
  }
  return { client, saves }
}

/** Whether `promise` has settled once pending callbacks have run. */
async function settled(promise: Promise<unknown>) {
  let done = false
  promise.then(
    () => {
      done = true
    },
    () => {
      done = true
    },
  )
  await new Promise((resolve) => setTimeout(resolve, 0))
  return done
}

describe.each([
  {
    name: 'setStoreValue',
    run: (session: ReturnType<typeof createChatSyncSession>) =>
      setStoreValue(session, { store: 'threads', value: thread }),
    viaOptions: (session: ReturnType<typeof createChatSyncSession>) =>
      setStoreValueMutationOptions(session, { store: 'threads' }).mutationFn(thread),
    key: thread.topic,
  },
  {
    name: 'deleteStoreValue',
    run: (session: ReturnType<typeof createChatSyncSession>) =>
      deleteStoreValue(session, { store: 'threads', key: thread.topic }),
    viaOptions: (session: ReturnType<typeof createChatSyncSession>) =>
      deleteStoreValueMutationOptions(session, { store: 'threads' }).mutationFn(thread.topic),
    key: thread.topic,
  },
])('$name', ({ run, viaOptions, key }) => {
  test('behavior: resolves only once the change is saved, with the write’s key and id', async () => {
    for (const write of [run, viaOptions]) {
      const { client, saves } = clientDouble()
      const session = createChatSyncSession({ client, account })
      const written = write(session)
      expect(await settled(written)).toBe(false)
      expect(saves).toHaveLength(1)
      saves[0]?.resolve()
      await expect(written).resolves.toMatchObject({ key, id: 1001 })
    }
  })

  test('error: a save that fails fails the write', async () => {
    const { client, saves } = clientDouble()
    const session = createChatSyncSession({ client, account })
    const written = run(session)
    await vi.waitFor(() => expect(saves).toHaveLength(1))
    saves[0]?.reject(new StorageError({ operation: 'save', account }))
    await expect(written).rejects.toThrowError(StorageError)
  })

  test('error: without an account nothing is written', async () => {
    const { client } = clientDouble()
    const session = createChatSyncSession({ client })
    await expect(run(session)).rejects.toMatchObject({ name: 'AccountNotSetError' })
    expect(client.set).not.toHaveBeenCalled()
    expect(client.delete).not.toHaveBeenCalled()
  })
})

test('behavior: the mutations never wait for the browser’s online state, and write to the session’s account', async () => {
  const { client, saves } = clientDouble()
  const session = createChatSyncSession({ client, account })
  const setOptions = setStoreValueMutationOptions(session, { store: 'threads' })
  const deleteOptions = deleteStoreValueMutationOptions(session, { store: 'sentInvites' })
  expect(setOptions).toMatchObject({ mutationKey: ['chatsync', 'set', 'threads'], networkMode: 'always' })
  expect(deleteOptions).toMatchObject({
    mutationKey: ['chatsync', 'delete', 'sentInvites'],
    networkMode: 'always',
  })
  const set = setOptions.mutationFn(thread)
  const removed = deleteOptions.mutationFn('b'.repeat(64))
  await vi.waitFor(() => expect(saves).toHaveLength(2))
  for (const save of saves) save.resolve()
  await Promise.all([set, removed])
  expect(client.set).toHaveBeenCalledWith({ account, store: 'threads', value: thread })
  expect(client.delete).toHaveBeenCalledWith({ account, store: 'sentInvites', key: 'b'.repeat(64) })
})
