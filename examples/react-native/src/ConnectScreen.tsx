import { useState } from 'react'
import { Text, View } from 'react-native'
import { Button } from './Button'
import { createDemoWallet, DEMO_ACCOUNTS, type DemoAccountId, type DemoWallet } from './createDemoWallet'
import type { AppConfig } from './getAppConfig'
import { styles } from './styles'
import type { WalletSession } from './useWalletSession'

/** Pairs with a wallet: a wallet app through a `wc:` link, or on the dev relay one of the demo wallets. */
export function ConnectScreen(props: {
  config: AppConfig
  wallet: WalletSession
  onDemoWallet(wallet: DemoWallet): void
}) {
  const { config, wallet, onDemoWallet } = props
  const [busy, setBusy] = useState(false)
  const connectDemo = async (id: DemoAccountId) => {
    setBusy(true)
    const demoWallet = await createDemoWallet(config, id)
    onDemoWallet(demoWallet)
    await wallet.connect(demoWallet)
    setBusy(false)
  }
  return (
    <View>
      <Text style={styles.title}>chatsync</Text>
      <Text style={styles.muted}>
        {config.mode === 'demo'
          ? `Dev relay at ${config.relayUrl}, with demo wallets (public test keys).`
          : 'WalletConnect relay: pair with your wallet app.'}
      </Text>
      {!wallet.signClient && <Text style={styles.muted}>Starting WalletConnect…</Text>}
      {wallet.signClient && !busy && config.mode === 'walletconnect' && (
        <Button title="Connect a wallet" onPress={() => void wallet.connect()} />
      )}
      {wallet.signClient &&
        !busy &&
        config.mode === 'demo' &&
        (Object.keys(DEMO_ACCOUNTS) as DemoAccountId[]).map((id) => (
          <Button
            key={id}
            title={`Use ${DEMO_ACCOUNTS[id].name}'s demo wallet`}
            onPress={() => void connectDemo(id)}
          />
        ))}
      {wallet.uri && (
        <View style={styles.card}>
          <Text>
            Waiting for the wallet to approve the session. No wallet opened? Paste this link into it:
          </Text>
          <Text selectable style={styles.muted}>
            {wallet.uri}
          </Text>
        </View>
      )}
      {wallet.error && <Text style={styles.error}>{wallet.error}</Text>}
    </View>
  )
}
