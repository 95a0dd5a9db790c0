import { ChatSyncProvider } from '@chatsync/react'
import { StatusBar } from 'expo-status-bar'
import { useMemo, useState } from 'react'
import { ScrollView, Text, View } from 'react-native'
import { Button } from './src/Button'
import { ConnectScreen } from './src/ConnectScreen'
import type { DemoWallet } from './src/createDemoWallet'
import { DemoWalletRequests } from './src/DemoWalletRequests'
import { getAppConfig } from './src/getAppConfig'
import { ReceivedInvitesAndKeys, SentInvites, Threads } from './src/StoreLists'
import { SyncPanel } from './src/SyncPanel'
import { styles } from './src/styles'
import { useWalletSession } from './src/useWalletSession'

/**
 * One device of a wallet user: pair with a wallet over WalletConnect, enable sync (the wallet signs the
 * sync message once), then the account's threads and invites, the same as on the user's other devices.
 */
export function App() {
  const config = useMemo(getAppConfig, [])
  const wallet = useWalletSession(config)
  const [demoWallet, setDemoWallet] = useState<DemoWallet>()
  const account = wallet.session?.namespaces.eip155?.accounts[0]
  return (
    <View style={styles.screen}>
      <StatusBar style="auto" />
      {!wallet.signClient || !wallet.session || !account ? (
        <ConnectScreen config={config} wallet={wallet} onDemoWallet={setDemoWallet} />
      ) : (
        <ChatSyncProvider
          signClient={wallet.signClient}
          account={account}
          sessionTopic={wallet.session.topic}
        >
          <ScrollView>
            <Text style={styles.title}>chatsync</Text>
            <Text style={styles.muted}>{account}</Text>
            <SyncPanel />
            {demoWallet && <DemoWalletRequests wallet={demoWallet} />}
            <Threads />
            <SentInvites />
            <ReceivedInvitesAndKeys />
            <Button small title="Disconnect the wallet" onPress={() => void wallet.disconnect()} />
          </ScrollView>
        </ChatSyncProvider>
      )}
    </View>
  )
}
