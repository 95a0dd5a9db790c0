import { useInviteKeys, useReceivedInviteStatuses, useSentInvites, useThreads } from '@chatsync/react'
import { Text, View } from 'react-native'
import { Button } from './Button'
import { styles } from './styles'

const short = (text: string) => (text.length > 22 ? `${text.slice(0, 12)}…${text.slice(-6)}` : text)

/** The account's threads; removing one removes it on every device. */
export function Threads() {
  const threads = useThreads()
  return (
    <View>
      <Text style={styles.heading}>Threads ({threads.data?.length ?? 0})</Text>
      {threads.data?.map((thread) => (
        <View key={thread.topic} style={styles.row}>
          <Text style={styles.rowText}>
            {short(thread.peerAccount)}
            {threads.unsyncedKeys.has(thread.topic) ? ' (sending…)' : ''}
          </Text>
          <Button small title="Forget" onPress={() => threads.remove.mutate(thread.topic)} />
        </View>
      ))}
      {threads.remove.error && <Text style={styles.error}>{threads.remove.error.shortMessage}</Text>}
    </View>
  )
}

/** Invites sent from any device of the account; a pending one can be withdrawn. */
export function SentInvites() {
  const invites = useSentInvites()
  return (
    <View>
      <Text style={styles.heading}>Sent invites ({invites.data?.length ?? 0})</Text>
      {invites.data?.map((invite) => (
        <View key={invite.responseTopic} style={styles.row}>
          <Text style={styles.rowText}>
            {short(invite.inviteeAccount)}: “{invite.message}” ({invite.status})
          </Text>
          {invite.status === 'pending' && (
            <Button small title="Withdraw" onPress={() => invites.remove.mutate(invite.responseTopic)} />
          )}
        </View>
      ))}
    </View>
  )
}

/** How received invites were answered, and the account's invite key. */
export function ReceivedInvitesAndKeys() {
  const statuses = useReceivedInviteStatuses()
  const keys = useInviteKeys({ select: (list) => list.length })
  return (
    <View>
      <Text style={styles.heading}>Received invites answered ({statuses.data?.length ?? 0})</Text>
      {statuses.data?.map((status) => (
        <Text key={status.id} style={styles.muted}>
          #{status.id}: {status.status}
        </Text>
      ))}
      <Text style={styles.muted}>{keys.data ? 'An invite key is registered.' : 'No invite key yet.'}</Text>
    </View>
  )
}
