import {
  account,
  createMemoryChatSyncClient,
  deferred,
  type MemoryChatSyncClient,
  otherAccount,
} from '@chatsync/test'
import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { describe, expect, test, vi } from 'vitest'
import { Status } from '../../test/components.js'
import { providerWrapper } from '../../test/providerWrapper.js'
import { ChatSyncProvider, type ChatSyncProviderProps } from '../ChatSyncProvider.js'
import { useChatSync } from './useChatSync.js'

function setup(props: Omit<Partial<ChatSyncProviderProps>, 'core' | 'storage'> = {}) {
  const client = props.client ?? createMemoryChatSyncClient()
  return { client, wrapper: providerWrapper(client, props) }
}

describe('useChatSync', () => {
  test('default: idle → signing → syncing → ready with one signature', async () => {
    const signature = deferred<string>()
    const signMessage = vi.fn(() => signature.promise)
    const { wrapper } = setup({ signMessage })
    const { result } = renderHook(() => useChatSync(), { wrapper })
    expect(result.current.status).toBe('idle')
    await waitFor(() => expect(result.current.status).toBe('signing'))
    expect(signMessage).toHaveBeenCalledWith(
      `I authorize this app to sync my account: ${account}\n\nRead more about it here: https://walletconnect.com/faq`,
    )
    await act(async () => signature.resolve('0x1234'))
    await waitFor(() => expect(result.current.status).toBe('ready'))
    expect(result.current).toMatchObject({ account, error: undefined })
    expect(signMessage).toHaveBeenCalledTimes(1)
  })

  test('behavior: a declined signature is `rejected`, and enable() asks again', async () => {
    const signMessage = vi
      .fn<(message: string) => Promise<string>>()
      .mockRejectedValueOnce({ code: 5000, message: 'User rejected.' })
      .mockResolvedValueOnce('0xabcd')
    const { wrapper } = setup({ signMessage })
    const { result } = renderHook(() => useChatSync(), { wrapper })
    await waitFor(() => expect(result.current.status).toBe('rejected'))
    if (result.current.status !== 'rejected') throw new Error('unreachable')
    expect(result.current.error.name).toBe('SignatureRejectedError')
    expect(result.current.error.shortMessage).toMatchInlineSnapshot(
      `"The user rejected the request to sign the sync message."`,
    )
    await act(() => result.current.enable())
    expect(result.current.status).toBe('ready')
    expect(signMessage).toHaveBeenCalledTimes(2)
  })

  test('behavior: an account registered before is ready with no prompt', async () => {
    const signMessage = vi.fn(async () => '0x1')
    const { wrapper, client } = setup({
      client: createMemoryChatSyncClient({ registered: [account] }),
      signMessage,
    })
    const { result } = renderHook(() => useChatSync(), { wrapper })
    await waitFor(() => expect(result.current.status).toBe('ready'))
    expect(signMessage).not.toHaveBeenCalled()
    expect((client as MemoryChatSyncClient).calls.restore).toBe(1)
  })

  test('behavior: a signer failure that is not a rejection is a typed `error`', async () => {
    const { wrapper } = setup({ signMessage: async () => Promise.reject({ code: -32000, message: 'boom' }) })
    const { result } = renderHook(() => useChatSync(), { wrapper })
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.error?.name).toBe('SignatureRequestFailedError')
    expect(result.current.error?.details).toMatchInlineSnapshot(
      `"The wallet answered with error code -32000."`,
    )
  })

  test('behavior: no signer configured is a typed `error`', async () => {
    const { wrapper } = setup()
    const { result } = renderHook(() => useChatSync(), { wrapper })
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.error?.name).toBe('SignerNotConfiguredError')
  })

  test('behavior: changing `account` drops the pending signature and enables the new account', async () => {
    const first = deferred<string>()
    const signMessage = vi
      .fn<(message: string) => Promise<string>>()
      .mockReturnValueOnce(first.promise)
      .mockResolvedValueOnce('0x2')
    const client = createMemoryChatSyncClient()
    const view = (acc: string) => (
      <ChatSyncProvider client={client} account={acc} signMessage={signMessage}>
        <Status />
      </ChatSyncProvider>
    )
    const { rerender } = render(view(account))
    await screen.findByText(`signing ${account}`)
    rerender(view(otherAccount))
    await screen.findByText(`ready ${otherAccount}`)
    await act(async () => first.resolve('0x1'))
    expect(screen.getByText(`ready ${otherAccount}`)).toBeTruthy()
    expect(client.calls.register).toBe(1)
    expect(signMessage.mock.calls.map(([message]) => message.split('\n')[0])).toEqual([
      `I authorize this app to sync my account: ${account}`,
      `I authorize this app to sync my account: ${otherAccount}`,
    ])
  })

  test('behavior: disable() forgets the account on this device', async () => {
    const { wrapper, client } = setup({ client: createMemoryChatSyncClient({ registered: [account] }) })
    const { result } = renderHook(() => useChatSync(), { wrapper })
    await waitFor(() => expect(result.current.status).toBe('ready'))
    await act(() => result.current.disable())
    expect(result.current.status).toBe('idle')
    expect((client as MemoryChatSyncClient).calls.unregister).toBe(1)
  })

  test('parameters: enableOnMount false waits for enable()', async () => {
    const signMessage = vi.fn(async () => '0x1')
    const { wrapper } = setup({ signMessage, enableOnMount: false })
    const { result } = renderHook(() => useChatSync(), { wrapper })
    await act(async () => {})
    expect(result.current.status).toBe('idle')
    await act(() => result.current.enable())
    expect(result.current.status).toBe('ready')
    expect(signMessage).toHaveBeenCalledTimes(1)
  })

  test('behavior: `connection` follows the relay whatever the status: ready and offline, then connected again', async () => {
    const client = createMemoryChatSyncClient({ registered: [account] })
    const { wrapper } = setup({ client })
    const { result } = renderHook(() => useChatSync(), { wrapper })
    await waitFor(() => expect(result.current.status).toBe('ready'))
    expect(result.current.connection).toBe('connected')
    act(() => client.setConnection('offline'))
    expect(result.current).toMatchObject({ status: 'ready', connection: 'offline' })
    act(() => client.setConnection('connected'))
    expect(result.current.connection).toBe('connected')
  })

  test('behavior: StrictMode asks for exactly one signature', async () => {
    const signMessage = vi.fn(async () => '0x1')
    const client = createMemoryChatSyncClient()
    render(
      <StrictMode>
        <ChatSyncProvider client={client} account={account} signMessage={signMessage}>
          <Status />
        </ChatSyncProvider>
      </StrictMode>,
    )
    await screen.findByText(`ready ${account}`)
    expect(signMessage).toHaveBeenCalledTimes(1)
    expect(client.calls.register).toBe(1)
  })

  test('behavior: outside the provider it throws ChatSyncProviderNotFoundError', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => renderHook(() => useChatSync())).toThrowErrorMatchingInlineSnapshot(`
      [ChatSyncProviderNotFoundError: chatsync hooks must be used within <ChatSyncProvider>.
      Version: @chatsync/react@0.1.0]
    `)
    vi.mocked(console.error).mockRestore()
  })
})
