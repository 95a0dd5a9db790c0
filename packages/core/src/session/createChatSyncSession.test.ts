import { afterEach, describe, expect, test, vi } from 'vitest'
import { getThreads } from '../actions/getStore.js'
import { watchErrors } from '../actions/watchErrors.js'
import { watchThreads } from '../actions/watchStore.js'
import { watchStores } from '../actions/watchStores.js'
import { StorageError } from '../errors/engine.js'
import { applyUpdates, emptyLwwMap } from '../lww/applyUpdate.js'
import { createChatSyncSession } from './createChatSyncSession.js'
import type { SessionChangeEvent, SessionClient, SessionClientEvents, SessionSnapshot } from './types.js'

const account = 'eip155:1:0x45B84Bc460Ab29691858A28d782e2fdd575A4dBb'
const other = 'eip155:1:0xc2256117Ed8bA25AE30061f6b001DeDCbd1BBBee'

/** A client double for the state machine: it records calls and lets the test drive readiness. */
function createClientDouble({ registered = false, readyAfterRegister = true } = {}) {
  const listeners = new Set<(event: SessionChangeEvent) => void>()
  const handlers = {
    change: listeners,
    ready: new Set<() => void>(),
    error: new Set<(payload: SessionClientEvents['error']) => void>(),
  }
  let snapshot: SessionSnapshot = {
    status: 'idle',
    stores: {
      sentInvites: emptyLwwMap(),
      threads: emptyLwwMap(),
      inviteKeys: emptyLwwMap(),
      receivedInviteStatuses: emptyLwwMap(),
    },
  }
  const client = {
    getMessage: vi.fn(({ account }: { account: string }) => `sign ${account}`),
    restore: vi.fn(async () => {
      if (registered) snapshot = { ...snapshot, status: 'ready' }
      return registered
    }),
    register: vi.fn(async () => {
      snapshot = { ...snapshot, status: readyAfterRegister ? 'ready' : 'syncing' }
    }),
    unregister: vi.fn(async () => {}),
    getSnapshot: vi.fn(() => snapshot),
    on<E extends keyof SessionClientEvents>(event: E, handler: (payload: SessionClientEvents[E]) => void) {
      const set = handlers[event] as Set<typeof handler>
      set.add(handler)
      return () => void set.delete(handler)
    },
    set: vi.fn(),
    delete: vi.fn(),
    becomeReady() {
      snapshot = { ...snapshot, status: 'ready' }
      for (const handler of handlers.ready) handler()
    },
    reportError(payload: SessionClientEvents['error']) {
      for (const handler of handlers.error) handler(payload)
    },
    errorListenerCount: () => handlers.error.size,
    applyRemote(threads: { topic: string }[]) {
      snapshot = {
        ...snapshot,
        stores: {
          ...snapshot.stores,
          threads: applyUpdates(
            snapshot.stores.threads,
            threads.map((thread, i) => ({
              type: 'set' as const,
              id: Date.now() + i,
              key: thread.topic,
              value: { selfAccount: account, peerAccount: other, symKey: 'k', ...thread },
            })),
          ),
        },
      }
      for (const listener of listeners) listener({ account, stores: ['threads'], source: 'remote' })
    },
    listenerCount: () => listeners.size,
    /** The account leaves the client, as when another tab of the device unregistered it. */
    forgetElsewhere() {
      snapshot = { ...snapshot, status: 'idle' }
      for (const listener of listeners) listener({ account, stores: [], source: 'local' })
    },
  } satisfies SessionClient & Record<string, unknown>
  return client
}

afterEach(() => {
  vi.useRealTimers()
})

describe('createChatSyncSession', () => {
  test('behavior: mount, unmount, mount (StrictMode) signs once', async () => {
    const client = createClientDouble()
    const signMessage = vi.fn(async () => '0xsig')
    const session = createChatSyncSession({ client, account, signer: { signMessage } })
    const statuses: string[] = []
    session.subscribe((state) => statuses.push(state.status))
    session.mount()()
    const unmount = session.mount()
    await vi.waitFor(() => expect(session.getState().status).toBe('ready'))
    unmount()
    expect(signMessage).toHaveBeenCalledTimes(1)
    expect(signMessage).toHaveBeenCalledWith({ account, message: `sign ${account}` })
    expect(client.register).toHaveBeenCalledWith({ account, signature: '0xsig' })
    expect(statuses).toEqual(['signing', 'syncing', 'ready'])
  })

  test('behavior: concurrent enable() calls share one run', async () => {
    const client = createClientDouble()
    const signMessage = vi.fn(async () => '0xsig')
    const session = createChatSyncSession({ client, account, signer: { signMessage } })
    const [a, b] = await Promise.all([session.enable(), session.enable()])
    expect(a).toBe(b)
    expect(signMessage).toHaveBeenCalledTimes(1)
  })

  test('behavior: stays `syncing` until the client reports ready', async () => {
    const client = createClientDouble({ readyAfterRegister: false })
    const session = createChatSyncSession({ client, account, signer: { signMessage: async () => '0x1' } })
    await session.enable()
    expect(session.getState().status).toBe('syncing')
    const listener = vi.fn()
    session.subscribe(listener)
    client.applyRemote([{ topic: 't1' }])
    expect(listener).not.toHaveBeenCalled()
    client.becomeReady()
    expect(session.getState().status).toBe('ready')
    expect(listener).toHaveBeenCalledTimes(1)
  })

  test('behavior: a stale signature after an account switch is dropped', async () => {
    const client = createClientDouble()
    let release!: (signature: string) => void
    const session = createChatSyncSession({
      client,
      account,
      enableOnMount: false,
      signer: { signMessage: () => new Promise<string>((resolve) => (release = resolve)) },
    })
    const pending = session.enable()
    await vi.waitFor(() => expect(session.getState().status).toBe('signing'))
    session.setAccount(other)
    release('0xold')
    await pending
    expect(session.getState()).toEqual({ status: 'idle', account: other, error: undefined })
    expect(client.register).not.toHaveBeenCalled()
  })

  test('behavior: enable() without an account is a typed error', async () => {
    const session = createChatSyncSession({ client: createClientDouble() })
    const state = await session.enable()
    expect(state.status).toBe('error')
    expect(state.error?.name).toBe('AccountNotSetError')
  })

  test('behavior: an engine error from register is the `error` status, as thrown', async () => {
    const client = createClientDouble()
    const failure = Object.assign(new (await import('../errors/base.js')).BaseError('mismatch'), {
      name: 'SignatureAccountMismatchError',
    })
    client.register.mockRejectedValueOnce(failure)
    const session = createChatSyncSession({ client, account, signer: { signMessage: async () => '0x1' } })
    const state = await session.enable()
    expect(state).toEqual({ status: 'error', account, error: failure })
  })
})

describe('createChatSyncSession: a client it creates', () => {
  test('behavior: made on first use, kept across unmount-remount, destroyed a turn after the last unmount', async () => {
    vi.useFakeTimers()
    const destroy = vi.fn(async () => {})
    const factory = vi.fn(() => Object.assign(createClientDouble({ registered: true }), { destroy }))
    const session = createChatSyncSession({ client: factory, account })
    expect(session.getState().status).toBe('idle')
    expect(factory).not.toHaveBeenCalled()
    session.mount()()
    const unmount = session.mount()
    await vi.advanceTimersByTimeAsync(10)
    expect(session.getState().status).toBe('ready')
    expect(factory).toHaveBeenCalledTimes(1)
    expect(destroy).not.toHaveBeenCalled()
    unmount()
    await vi.advanceTimersByTimeAsync(10)
    expect(destroy).toHaveBeenCalledTimes(1)
    expect(session.getState()).toEqual({ status: 'idle', account, error: undefined })
  })
})

test('behavior: a ready account that leaves the client (unregistered in another tab) goes idle, no new prompt', async () => {
  const client = createClientDouble({ registered: true })
  const signMessage = vi.fn(async () => '0xsig')
  const session = createChatSyncSession({ client, account, signer: { signMessage } })
  const unmount = session.mount()
  await vi.waitFor(() => expect(session.getState().status).toBe('ready'))
  const seen: string[] = []
  session.subscribe((state) => seen.push(state.status))
  // Batches that leave it registered change nothing.
  client.applyRemote([{ topic: 't1' }])
  expect(seen).toEqual([])
  client.forgetElsewhere()
  expect(session.getState()).toEqual({ status: 'idle', account, error: undefined })
  expect(seen).toEqual(['idle'])
  expect(signMessage).not.toHaveBeenCalled()
  unmount()
})

describe('watchStores', () => {
  test('behavior: a burst of remote batches is delivered once; other stores are not reported', async () => {
    vi.useFakeTimers()
    const client = createClientDouble({ registered: true })
    const session = createChatSyncSession({ client, account })
    await session.enable()
    // The session itself listens while `ready`.
    const listenersBefore = client.listenerCount()
    const onChange = vi.fn()
    const stop = watchStores(session, { onChange, batchWindowMs: 16, maxBatchWaitMs: 1000 })
    expect(onChange).not.toHaveBeenCalled()
    for (let i = 0; i < 100; i++) {
      client.applyRemote([{ topic: `t${i}` }])
      await vi.advanceTimersByTimeAsync(5)
    }
    expect(onChange).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(16)
    expect(onChange).toHaveBeenCalledTimes(1)
    expect(Object.keys(onChange.mock.calls[0]?.[0])).toEqual(['threads'])
    expect(onChange.mock.calls[0]?.[0].threads.data).toHaveLength(100)
    stop()
    expect(client.listenerCount()).toBe(listenersBefore)
  })

  test('parameters: a steady stream is still delivered every maxBatchWaitMs', async () => {
    vi.useFakeTimers()
    const client = createClientDouble({ registered: true })
    const session = createChatSyncSession({ client, account })
    await session.enable()
    const onChange = vi.fn()
    const stop = watchStores(session, { onChange, batchWindowMs: 16, maxBatchWaitMs: 100 })
    for (let i = 0; i < 100; i++) {
      client.applyRemote([{ topic: `t${i}` }])
      await vi.advanceTimersByTimeAsync(5)
    }
    // 500 ms of changes 5 ms apart: one delivery per 100 ms.
    expect(onChange).toHaveBeenCalledTimes(5)
    await vi.advanceTimersByTimeAsync(16)
    expect(onChange.mock.lastCall?.[0].threads.data).toHaveLength(100)
    stop()
  })
})

describe('watchErrors', () => {
  /** A background error as the engine reports it; `label` tells the instances apart. */
  const failure = (label: string) => new StorageError({ operation: 'save', account: label, cause: undefined })

  test("behavior: reports the session account's errors and the client's own, not other accounts'", async () => {
    const client = createClientDouble({ registered: true })
    const session = createChatSyncSession({ client, account })
    const onError = vi.fn()
    const stop = watchErrors(session, onError)
    const mine = failure('mine')
    const clientWide = failure('client-wide')
    client.reportError({ account, error: mine })
    client.reportError({ account: other, error: failure('theirs') })
    client.reportError({ account: undefined, error: clientWide })
    expect(onError.mock.calls).toEqual([
      [mine, { account }],
      [clientWide, { account: undefined }],
    ])

    // After an account switch, the new account's errors are the ones reported.
    session.setAccount(other)
    const switched = failure('switched')
    client.reportError({ account, error: failure('previous account') })
    client.reportError({ account: other, error: switched })
    expect(onError.mock.lastCall).toEqual([switched, { account: other }])
    expect(onError).toHaveBeenCalledTimes(3)

    stop()
    expect(client.errorListenerCount()).toBe(0)
    client.reportError({ account: other, error: failure('after stop') })
    expect(onError).toHaveBeenCalledTimes(3)
  })
})

describe('session state, getThreads and watchThreads (no React)', () => {
  test('behavior: the state holds the status and the views; getThreads is current without a watcher', async () => {
    const client = createClientDouble({ registered: true })
    const session = createChatSyncSession({ client, account, enableOnMount: false })
    expect(session.state.getState()).toMatchObject({ status: 'idle', account, error: undefined })
    await session.enable()
    expect(session.state.getState().status).toBe('ready')
    client.applyRemote([{ topic: 't1' }])
    expect(getThreads(session).data.map((thread) => thread.topic)).toEqual(['t1'])
    expect(getThreads(session)).toBe(session.state.getState().stores.threads)
    expect(client.listenerCount()).toBe(1)
  })

  test('behavior: watchThreads reports thread changes only (remote bursts once) and keeps the views current meanwhile', async () => {
    vi.useFakeTimers()
    const client = createClientDouble({ registered: true })
    const session = createChatSyncSession({ client, account, enableOnMount: false })
    await session.enable()
    const onChange = vi.fn()
    const stop = watchThreads(session, { onChange })
    client.applyRemote([{ topic: 't1' }])
    client.applyRemote([{ topic: 't2' }])
    expect(onChange).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(20)
    expect(onChange).toHaveBeenCalledTimes(1)
    expect(onChange.mock.lastCall?.[0].data.map((thread: { topic: string }) => thread.topic)).toEqual([
      't1',
      't2',
    ])
    client.applyRemote([{ topic: 't3' }])
    await vi.advanceTimersByTimeAsync(20)
    expect(onChange).toHaveBeenCalledTimes(2)
    expect(onChange.mock.lastCall?.[0].data).toHaveLength(3)
    expect(onChange.mock.lastCall?.[1].data).toHaveLength(2)
    // While watched, the views and the connection follow the client; once stopped, only the session's own
    // status watch is left.
    expect(client.listenerCount()).toBe(3)
    stop()
    expect(client.listenerCount()).toBe(1)
  })
})
