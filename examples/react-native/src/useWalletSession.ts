import { SignClient } from '@walletconnect/sign-client'
import type { SessionTypes } from '@walletconnect/types'
import { useCallback, useEffect, useState } from 'react'
import { Linking } from 'react-native'
import type { DemoWallet } from './createDemoWallet'
import { createWalletConnectCore } from './createWalletConnectCore'
import type { AppConfig } from './getAppConfig'

export type AppSignClient = Awaited<ReturnType<typeof SignClient.init>>

export type WalletSession = {
  signClient: AppSignClient | undefined
  /** The Sign API session with the wallet, once it approved one (kept across restarts by the core). */
  session: SessionTypes.Struct | undefined
  /** The pairing URI while the app waits for the wallet. */
  uri: string | undefined
  error: string | undefined
  /** Proposes a session: to the demo wallet when given, else to a wallet app through a `wc:` link. */
  connect(demoWallet?: DemoWallet): Promise<void>
  disconnect(): Promise<void>
}

const NAMESPACES = { eip155: { chains: ['eip155:1'], methods: ['personal_sign'], events: [] } }

/** The app's SignClient (its core carries chatsync's traffic too) and its session with a wallet. */
export function useWalletSession(config: AppConfig): WalletSession {
  const [signClient, setSignClient] = useState<AppSignClient>()
  const [session, setSession] = useState<SessionTypes.Struct>()
  const [uri, setUri] = useState<string>()
  const [error, setError] = useState<string>()

  useEffect(() => {
    const core = createWalletConnectCore(config, 'chatsync-example-app')
    const metadata = {
      name: 'chatsync example',
      description: 'Chat state in sync',
      url: 'https://example.invalid',
      icons: [],
    }
    SignClient.init({ core, metadata }).then(
      (client) => {
        setSignClient(client)
        setSession(client.session.getAll()[0])
        client.on('session_delete', () => setSession(undefined))
      },
      (cause: Error) => setError(`WalletConnect did not start: ${cause.message}`),
    )
  }, [config])

  const connect = useCallback(
    async (demoWallet?: DemoWallet) => {
      if (!signClient) return
      setError(undefined)
      try {
        const proposal = await signClient.connect({ optionalNamespaces: NAMESPACES })
        setUri(proposal.uri)
        if (proposal.uri && demoWallet) await demoWallet.pair(proposal.uri)
        else if (proposal.uri) await Linking.openURL(proposal.uri).catch(() => {})
        setSession(await proposal.approval())
      } catch (cause) {
        setError(`No session: ${(cause as Error).message}`)
      } finally {
        setUri(undefined)
      }
    },
    [signClient],
  )

  const disconnect = useCallback(async () => {
    if (signClient && session) {
      await signClient.disconnect({
        topic: session.topic,
        reason: { code: 6000, message: 'User disconnected' },
      })
    }
    setSession(undefined)
  }, [signClient, session])

  return { signClient, session, uri, error, connect, disconnect }
}
