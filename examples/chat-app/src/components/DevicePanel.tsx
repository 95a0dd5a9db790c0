import { useChatSync } from '@chatsync/react'
import type { ChatClient } from '../chat/createChatClient'
import type { KeyDirectory } from '../chat/KeyDirectory'
import { useChat } from '../chat/useChat'
import { errorText } from './errorText'
import { InviteKeyCard } from './InviteKeyCard'
import { ReceivedInviteList } from './ReceivedInviteList'
import { SendInviteForm } from './SendInviteForm'
import { SentInviteList } from './SentInviteList'
import { SyncStatus } from './SyncStatus'
import { ThreadList } from './ThreadList'

export type DevicePanelProps = {
  /** The device's chat client (its topics, received invites and messages). */
  chat: ChatClient
  /** The invite-key directory; without one, invites are off. */
  directory: KeyDirectory | undefined
  /** Accounts the invite form offers. */
  invitees?: readonly { name: string; account: string }[]
}

/** One device: its sync status, threads, invites and invite key, behind the enclosing `<ChatSyncProvider>`. */
export function DevicePanel({ chat, directory, invitees = [] }: DevicePanelProps) {
  const sync = useChatSync()
  const c = useChat({ chat, directory })
  return (
    <div className="device-panel" data-testid="device-panel">
      <SyncStatus
        status={sync.status}
        error={sync.error}
        onEnable={() => void sync.enable()}
        onDisable={() => void sync.disable()}
      />
      {c.problem ? (
        <p className="error" role="alert" data-testid="chat-problem">
          {errorText(c.problem)}
        </p>
      ) : null}
      <fieldset disabled={!c.isEnabled} className="device-panel__stores">
        <ThreadList
          threads={c.threads}
          onSend={c.sendMessage.run}
          onLeave={c.leaveThread.run}
          error={c.sendMessage.error ?? c.leaveThread.error}
        />
        <ReceivedInviteList
          invites={c.receivedInvites}
          onAnswer={c.answerInvite.run}
          isPending={c.answerInvite.isPending}
          error={c.answerInvite.error}
        />
        <SendInviteForm
          invitees={invitees}
          onSend={c.sendInvite.run}
          isPending={c.sendInvite.isPending}
          error={c.sendInvite.error}
          isAvailable={directory !== undefined}
        />
        <SentInviteList invites={c.sentInvites} sending={c.sendingInvites} />
        <InviteKeyCard
          inviteKeys={c.inviteKeys ? [c.inviteKeys] : []}
          onRotate={c.rotateInviteKey.run}
          isPending={c.rotateInviteKey.isPending}
          error={c.rotateInviteKey.error}
        />
      </fieldset>
    </div>
  )
}
