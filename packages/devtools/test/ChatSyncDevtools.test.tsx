import { BaseError, MASKED, RelayRequestError, type SessionClient } from '@chatsync/core'
import { ChatSyncProvider } from '@chatsync/react'
import {
  account,
  createMemoryChatSyncClient,
  type MemoryChatSyncClient,
  otherAccount,
  payloads,
} from '@chatsync/test'
import { QueryClient } from '@tanstack/react-query'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, test } from 'vitest'
import { ChatSyncDevtools as DevelopmentOnly } from '../src/index.js'
import { ChatSyncDevtools } from '../src/production.js'

afterEach(cleanup)

/** A personal_sign signature: the root secret every store key derives from. */
const SIGNATURE = `0x${'5f3c9a'.repeat(21)}1b`

const sentInvites = [payloads.sentInvite(1), payloads.sentInvite(2)]
const threads = [payloads.thread(1), payloads.thread(2)]
const inviteKeys = [payloads.inviteKeys(1, { account })]
const localThread = payloads.thread(3)
const remoteThread = payloads.thread(4)

/** Every secret the entries carry, and the signature the provider registers with. */
const secrets = [
  SIGNATURE,
  SIGNATURE.slice(2),
  ...sentInvites.flatMap((invite) => [invite.inviterPrivKeyY, invite.symKey]),
  ...[...threads, localThread, remoteThread].map((thread) => thread.symKey),
  ...inviteKeys.map((keys) => keys.privateKey),
]

function renderPanel(client: SessionClient, props: Parameters<typeof ChatSyncDevtools>[0] = {}) {
  return render(
    <ChatSyncProvider
      client={client}
      account={account}
      queryClient={new QueryClient()}
      signMessage={async () => SIGNATURE}
    >
      <ChatSyncDevtools initialIsOpen pollInterval={50} {...props} />
    </ChatSyncProvider>,
  )
}

const panel = () => within(screen.getByTestId('chatsync-devtools-panel'))
const status = () => panel().getByTestId('chatsync-devtools-status').textContent
const openTab = (tab: 'status' | 'stores' | 'outbox' | 'errors') =>
  fireEvent.click(screen.getByTestId(`chatsync-devtools-tab-${tab}`))
const entry = (key: string) =>
  screen.getAllByTestId('chatsync-devtools-entry').find((row) => row.dataset.key === key)

/** The account enabled with a signature, written to here (a set and a delete) and from another device. */
async function withEveryKindOfEntry(client: MemoryChatSyncClient) {
  renderPanel(client)
  await waitFor(() => expect(status()).toBe('ready'))
  await act(async () => {
    await client.set({ account, store: 'threads', value: localThread })
    await client.delete({ account, store: 'sentInvites', key: sentInvites[1]!.responseTopic })
    client.pushRemote(account, 'threads', [remoteThread])
  })
  openTab('stores')
  await waitFor(() => expect(entry(remoteThread.topic)).toBeDefined())
}

/** The panel's HTML on every tab, every value of the stores unfolded. */
function htmlOfEveryTab() {
  const pages: string[] = []
  for (const tab of ['status', 'stores', 'outbox', 'errors'] as const) {
    openTab(tab)
    for (const value of screen.queryAllByTestId('chatsync-devtools-value')) fireEvent.click(value)
    if (tab === 'stores') expect(document.querySelectorAll('.csd-detail pre').length).toBeGreaterThan(0)
    pages.push(document.body.innerHTML)
  }
  return pages.join('\n')
}

describe('ChatSyncDevtools', () => {
  test('security: private keys, sym keys and the signature never appear in the DOM; they show masked', async () => {
    const client = createMemoryChatSyncClient({ initial: { sentInvites, threads, inviteKeys } })
    await withEveryKindOfEntry(client)
    // The client holds them (but those of the deleted invite); the signature went to its register.
    const held = JSON.stringify(client.getSnapshot({ account }).stores)
    const deleted = [sentInvites[1]!.inviterPrivKeyY, sentInvites[1]!.symKey]
    for (const secret of secrets.slice(2).filter((secret) => !deleted.includes(secret)))
      expect(held).toContain(secret)
    const html = htmlOfEveryTab()
    expect(html).toContain(MASKED)
    for (const secret of secrets) expect(html).not.toContain(secret)
    // What is not secret shows: the entries' keys and a public key.
    expect(html).toContain(inviteKeys[0]!.publicKey)
    expect(html).toContain(localThread.topic)
  })

  test('security: a client whose inspect returns secrets as they are is masked by the panel too', async () => {
    const memory = createMemoryChatSyncClient({ initial: { sentInvites, threads, inviteKeys } })
    // The values as stored, not masked.
    const leaky: SessionClient = {
      ...memory,
      inspect: ({ account }) => {
        const inspection = memory.inspect({ account })
        if (!inspection) return undefined
        const { stores } = memory.getSnapshot({ account })
        for (const [store, entries] of Object.entries(inspection.stores))
          for (const entry of entries)
            entry.value = (stores[store as keyof typeof stores].entries as Record<string, unknown>)[entry.key]
        return inspection
      },
    }
    renderPanel(leaky)
    await waitFor(() => expect(status()).toBe('ready'))
    openTab('stores')
    await waitFor(() => expect(screen.getAllByTestId('chatsync-devtools-entry')).toHaveLength(5))
    const html = htmlOfEveryTab()
    expect(html).toContain(MASKED)
    for (const secret of secrets) expect(html).not.toContain(secret)
  })

  test('behavior: each store’s entries with their ids, last writer (local/remote) and tombstones', async () => {
    const client = createMemoryChatSyncClient({ initial: { sentInvites, threads, inviteKeys } })
    await withEveryKindOfEntry(client)
    expect(entry(localThread.topic)?.dataset).toMatchObject({ writer: 'local', deleted: 'false' })
    expect(entry(remoteThread.topic)?.dataset).toMatchObject({ writer: 'remote', deleted: 'false' })
    expect(entry(threads[0]!.topic)?.dataset).toMatchObject({ writer: 'remote', deleted: 'false' })
    const tombstone = entry(sentInvites[1]!.responseTopic)!
    expect(tombstone.dataset).toMatchObject({ writer: 'local', deleted: 'true' })
    expect(tombstone.textContent).toContain('tombstone')
    const id = (key: string) => Number(entry(key)?.children[1]?.textContent)
    // Newest change first, the ids the client gave.
    expect(id(remoteThread.topic)).toBeGreaterThan(id(localThread.topic))
    const store = (name: string) =>
      screen.getAllByTestId('chatsync-devtools-store').find((section) => section.dataset.store === name)
    expect(store('threads')?.querySelector('h3')?.textContent).toBe('threads 4 entries')
    expect(store('sentInvites')?.querySelector('h3')?.textContent).toBe('sentInvites 1 entry, 1 tombstone')
  })

  test('behavior: the status tab says why, the relay, the last catch-up and the next refresh', async () => {
    const client = createMemoryChatSyncClient({ initial: { threads } })
    renderPanel(client)
    await waitFor(() => expect(status()).toBe('ready'))
    const relay = () => screen.getByTestId('chatsync-devtools-relay')
    await waitFor(() => expect(relay().dataset.connection).toBe('connected'))
    // The relay goes away: the panel follows at once (a connection change is a change of the account).
    act(() => client.setConnection('offline'))
    await waitFor(() => expect(relay().dataset.connection).toBe('offline'))
    expect(relay().dataset.connected).toBe('false')
    expect(relay().textContent).toContain('memory://')
    expect(screen.getByTestId('chatsync-devtools-relay-failure').textContent).toBe(
      ' The relay at memory:// cannot be reached: the connection was refused.',
    )
    expect(screen.getByTestId('chatsync-devtools-reason').textContent).toBe(
      'Caught up with the relay; changes apply as they arrive. Offline: the relay does not answer. Writes are saved and wait in the outbox.',
    )
    expect(screen.getByTestId('chatsync-devtools-catch-up').textContent).toMatch(
      /^idle · last: \d\d:\d\d:\d\d \((just now|\d s ago)\), 2 messages in \d+ ms$/,
    )
    expect(screen.getByTestId('chatsync-devtools-next-refresh').textContent).toBe(
      'not scheduled yet · entries live 30 d on the relay, refreshed after 22.5 d',
    )
  })

  test('behavior: the outbox with a write waiting for its retry', async () => {
    const client = createMemoryChatSyncClient({ registered: [account], writes: 'retry' })
    renderPanel(client)
    await waitFor(() => expect(status()).toBe('ready'))
    await act(async () => void (await client.set({ account, store: 'threads', value: localThread })))
    openTab('outbox')
    await waitFor(() => expect(screen.getAllByTestId('chatsync-devtools-outbox-item')).toHaveLength(1))
    expect(screen.getByTestId('chatsync-devtools-outbox-summary').textContent).toBe(
      '1 waiting. 1 failed publish in a row. A retry waits for its backoff.',
    )
    const item = screen.getByTestId('chatsync-devtools-outbox-item')
    expect(item.dataset.sending).toBe('false')
    expect(item.textContent).toContain('wc_syncSet')
    expect(item.textContent).toContain('retrying')
    expect(screen.getByTestId('chatsync-devtools-tab-outbox').textContent).toBe('outbox (1)')
  })

  test('behavior: the last background errors, newest first, and how many in all', async () => {
    const client = createMemoryChatSyncClient({ registered: [account] })
    renderPanel(client, { errorLimit: 3 })
    await waitFor(() => expect(status()).toBe('ready'))
    const operations = ['fetch', 'subscribe', 'publish', 'unsubscribe'] as const
    act(() => {
      operations.forEach((operation, n) => {
        const cause = new BaseError('Timed out.', { details: `attempt ${n + 1}` })
        client.reportError({ account, error: new RelayRequestError({ operation, account, cause }) })
      })
      // Another account's error is not this provider's.
      const error = new RelayRequestError({ operation: 'fetch', account: otherAccount })
      client.reportError({ account: otherAccount, error })
    })
    expect(screen.getByTestId('chatsync-devtools-toggle').textContent).toBe('chatsync devtools4')
    openTab('errors')
    const errors = screen.getAllByTestId('chatsync-devtools-error')
    expect(errors.map((error) => error.querySelectorAll('p')[1]?.textContent)).toEqual([
      `The relay unsubscribe for ${account} failed.`,
      `The relay publish for ${account} failed.`,
      `The relay subscribe for ${account} failed.`,
    ])
    expect(errors[0]?.querySelector('strong')?.textContent).toBe('RelayRequestError')
    expect(errors[0]?.textContent).toContain('attempt 4')
    expect(panel().getByText(/4 in all, the last 3 kept/)).toBeDefined()
    fireEvent.click(panel().getByText('clear'))
    expect(screen.queryAllByTestId('chatsync-devtools-error')).toHaveLength(0)
  })

  test('behavior: the session’s error and why', async () => {
    const error = new BaseError('Could not reach the relay.', { details: 'The connection was refused.' })
    renderPanel(createMemoryChatSyncClient({ registered: [account], enableError: error }))
    await waitFor(() => expect(status()).toBe('error'))
    expect(screen.getByTestId('chatsync-devtools-reason').textContent).toBe('Could not reach the relay.')
    expect(screen.getByTestId('chatsync-devtools-session-error').textContent).toBe(
      'ChatSyncError: Could not reach the relay. (The connection was refused.)',
    )
    expect(panel().getByText(/the account is not live on this client/)).toBeDefined()
  })

  test('behavior: a client without inspect shows the session only', async () => {
    const { inspect: _, ...client } = createMemoryChatSyncClient({ registered: [account] })
    renderPanel(client)
    await waitFor(() => expect(status()).toBe('ready'))
    expect(panel().getByText(/This client has no inspect\(\)/)).toBeDefined()
  })

  test('behavior: the toggle opens and closes the panel; closed, it does not read the client', async () => {
    const client = createMemoryChatSyncClient({ registered: [account] })
    let reads = 0
    const counted: SessionClient = {
      ...client,
      inspect: (parameters) => {
        reads++
        return client.inspect(parameters)
      },
    }
    renderPanel(counted, { initialIsOpen: false, label: 'Device 1' })
    const toggle = screen.getByTestId('chatsync-devtools-toggle')
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(screen.queryByTestId('chatsync-devtools-panel')).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(reads).toBe(0)
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    await waitFor(() => expect(reads).toBeGreaterThan(0))
    expect(screen.getByRole('region', { name: 'Device 1 devtools' })).toBeDefined()
    fireEvent.click(screen.getByRole('button', { name: 'Close devtools' }))
    expect(screen.queryByTestId('chatsync-devtools-panel')).toBeNull()
  })

  test('default entry: renders nothing outside development (NODE_ENV is `test` here)', () => {
    expect(process.env.NODE_ENV).not.toBe('development')
    const client = createMemoryChatSyncClient({ registered: [account] })
    const { container } = render(
      <ChatSyncProvider client={client} account={account} queryClient={new QueryClient()}>
        <DevelopmentOnly initialIsOpen />
      </ChatSyncProvider>,
    )
    expect(container.innerHTML).toBe('')
  })
})
