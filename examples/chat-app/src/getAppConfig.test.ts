import { describe, expect, test } from 'vitest'
import { getAppConfig } from './getAppConfig'

describe('getAppConfig', () => {
  test('defaults to the dev relay on 127.0.0.1:5555 with the demo wallet', () => {
    expect(getAppConfig({})).toEqual({
      mode: 'demo',
      relayUrl: 'ws://127.0.0.1:5555',
      projectId: 'chatsync-dev',
      keysUrl: 'http://127.0.0.1:5555',
    })
  })

  test('the key directory is the one it is given, else on the relay’s port', () => {
    expect(getAppConfig({ VITE_RELAY_URL: 'ws://127.0.0.1:4000' }).keysUrl).toBe('http://127.0.0.1:4000')
    expect(getAppConfig({ VITE_RELAY_URL: 'wss://relay.example' }).keysUrl).toBe('https://relay.example')
    expect(
      getAppConfig({ VITE_RELAY_URL: 'ws://127.0.0.1:4000', VITE_KEYS_URL: 'http://127.0.0.1:4001' }).keysUrl,
    ).toBe('http://127.0.0.1:4001')
  })

  test('uses the relay URL it is given', () => {
    expect(getAppConfig({ VITE_RELAY_URL: 'ws://127.0.0.1:4000' })).toMatchObject({
      mode: 'demo',
      relayUrl: 'ws://127.0.0.1:4000',
    })
  })

  test('a WalletConnect project id switches to the public relay and a real wallet', () => {
    expect(getAppConfig({ VITE_RELAY_URL: 'ws://127.0.0.1:4000', VITE_WC_PROJECT_ID: ' abc123 ' })).toEqual({
      mode: 'walletconnect',
      relayUrl: undefined,
      projectId: 'abc123',
      keysUrl: undefined,
    })
  })
})
