import { useChatSync } from '@chatsync/react'
import { Text, View } from 'react-native'
import { Button } from './Button'
import { styles } from './styles'

const labels = {
  idle: 'Sync is off on this device.',
  signing: 'Waiting for the wallet to sign the sync message…',
  syncing: 'Catching up with your other devices…',
  ready: 'In sync.',
  rejected: 'The wallet declined.',
  error: 'Sync failed.',
} as const

/** The sync status of the account, with what the user can do next. */
export function SyncPanel() {
  const sync = useChatSync()
  return (
    <View style={styles.card}>
      <Text>{labels[sync.status]}</Text>
      {(sync.status === 'error' || sync.status === 'rejected') && (
        <Text style={styles.error}>{sync.error.shortMessage}</Text>
      )}
      {(sync.status === 'idle' || sync.status === 'rejected' || sync.status === 'error') && (
        <Button title="Enable sync" onPress={() => void sync.enable()} />
      )}
      {sync.status === 'ready' && (
        <Button small title="Turn off on this device" onPress={() => void sync.disable()} />
      )}
    </View>
  )
}
