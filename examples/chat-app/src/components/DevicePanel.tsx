import type { SentInvite } from '@chatsync/core'
import { useChatSync, useInviteKeys, useSentInvites, useThreads } from '@chatsync/react'
import { acceptInvite } from '../chat/acceptInvite'
import { createInviteKeys } from '../chat/createInviteKeys'
import { createSentInvite } from '../chat/createSentInvite'
import { InviteKeyCard } from './InviteKeyCard'
import { SendInviteForm } from './SendInviteForm'
import { SentInviteList } from './SentInviteList'
import { SyncStatus } from './SyncStatus'
import { ThreadList } from './ThreadList'

/** One device's chat state, read from and written through the enclosing `<ChatSyncProvider>`. */
export function DevicePanel() {
  const sync = useChatSync()
  const sentInvites = useSentInvites()
  const threads = useThreads()
  const inviteKeys = useInviteKeys()
  const { account } = sync
  const canWrite = (sync.status === 'ready' || sync.status === 'syncing') && account !== undefined

  const send = ({ inviteeAccount, message }: { inviteeAccount: string; message: string }) => {
    if (!canWrite) return
    sentInvites.set.mutate(createSentInvite({ inviterAccount: account, inviteeAccount, message }))
  }
  const accept = (invite: SentInvite) => {
    const accepted = acceptInvite(invite)
    threads.set.mutate(accepted.thread)
    sentInvites.set.mutate(accepted.invite)
  }
  const rotate = () => {
    if (canWrite) inviteKeys.set.mutate(createInviteKeys(account))
  }

  return (
    <div className="device-panel" data-testid="device-panel">
      <SyncStatus
        status={sync.status}
        error={sync.error}
        onEnable={() => void sync.enable()}
        onDisable={() => void sync.disable()}
      />
      <fieldset disabled={!canWrite} className="device-panel__stores">
        <SendInviteForm onSend={send} isPending={sentInvites.set.isPending} error={sentInvites.set.error} />
        <SentInviteList
          invites={sentInvites.data}
          onAccept={accept}
          isPending={sentInvites.set.isPending || threads.set.isPending}
        />
        <ThreadList threads={threads.data} error={threads.set.error} />
        <InviteKeyCard
          inviteKeys={inviteKeys.data}
          onRotate={rotate}
          isPending={inviteKeys.set.isPending}
          error={inviteKeys.set.error}
        />
      </fieldset>
    </div>
  )
}
