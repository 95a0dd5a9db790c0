import { useSyncExternalStore } from 'react'
import { Text, View } from 'react-native'
import { Button } from './Button'
import type { DemoWallet } from './createDemoWallet'
import { styles } from './styles'

/** The demo wallet's signature requests: the sync message waits here for the user's answer. */
export function DemoWalletRequests({ wallet }: { wallet: DemoWallet }) {
  const requests = useSyncExternalStore(wallet.subscribe, wallet.getRequests)
  if (requests.length === 0) return null
  return (
    <View style={styles.card}>
      <Text style={styles.heading}>{wallet.name}'s demo wallet asks</Text>
      {requests.map((request) => (
        <View key={request.id}>
          <Text style={styles.muted}>{request.message}</Text>
          <Button title="Sign" onPress={() => void wallet.approve(request)} />
          <Button title="Reject" onPress={() => void wallet.reject(request)} />
        </View>
      ))}
    </View>
  )
}
