import {
  useChat,
  useChatThreads,
  useReceivedInvites,
  useRotateInviteKey,
  useSendInvite,
} from '@chatsync/chat/react'
import { useChatSync, useSentInvites } from '@chatsync/react'
import { ChatStatus } from '../components/ChatStatus'
import { InviteKeyCard } from '../components/InviteKeyCard'
import { ReceivedInviteList } from '../components/ReceivedInviteList'
import { SendInviteForm } from '../components/SendInviteForm'
import { SentInviteList } from '../components/SentInviteList'
import { SyncStatus } from '../components/SyncStatus'
import { ThreadView } from './ThreadView'

export type DevicePanelProps = {
  /** Accounts the invite form offers. */
  invitees?: readonly { name: string; account: string }[]
}

const topicsOf = (threads: readonly { topic: string }[]) => threads.map((thread) => thread.topic)

/**
 * One device behind the enclosing `<ChatSyncProvider>` (a `createChatConfig` config): its sync and chat
 * status, threads, invites and invite key, all read and written through the hooks.
 */
export function DevicePanel({ invitees = [] }: DevicePanelProps) {
  const sync = useChatSync()
  const chat = useChat()
  // Topics only: a new message re-renders its thread, not the list.
  const threads = useChatThreads({ select: topicsOf })
  const received = useReceivedInvites()
  const sentInvites = useSentInvites()
  const sendInvite = useSendInvite()
  const rotate = useRotateInviteKey()
  const canSend = chat.status === 'ready'
  const topics = threads.data ?? []
  return (
    <div className="device-panel" data-testid="device-panel" data-loaded={threads.isSuccess}>
      <SyncStatus
        status={sync.status}
        account={sync.account}
        error={sync.error}
        onEnable={() => void sync.enable()}
        onDisable={() => void sync.disable()}
      />
      <ChatStatus status={chat.status} error={chat.error} onEnable={() => void chat.enable()} />
      <section className="store" data-testid="threads" data-count={topics.length}>
        <h3>
          Threads <span className="count">{topics.length}</span>
        </h3>
        {topics.length === 0 ? (
          <p className="empty" data-testid="threads-empty">
            {threads.isSuccess ? 'No threads yet. An accepted invite opens one.' : 'Loading…'}
          </p>
        ) : (
          topics.map((topic) => <ThreadView key={topic} topic={topic} canSend={canSend} />)
        )}
      </section>
      <ReceivedInviteList
        invites={received.data ?? []}
        canAnswer={canSend}
        onAnswer={(invite, answer) =>
          (answer === 'accept' ? received.accept : received.reject).mutate({ id: invite.id })
        }
        error={received.accept.error ?? received.reject.error}
      />
      <SendInviteForm
        invitees={invitees}
        canSend={canSend}
        onSend={sendInvite.mutateAsync}
        isPending={sendInvite.isPending}
        error={sendInvite.error}
        onEdit={sendInvite.isError ? sendInvite.reset : undefined}
      />
      <SentInviteList invites={sentInvites.data ?? []} sending={sentInvites.unsyncedKeys} />
      <InviteKeyCard
        inviteKey={chat.inviteKey}
        identityKey={chat.identityKey}
        canRotate={canSend}
        onRotate={() => rotate.mutate()}
        isPending={rotate.isPending}
        error={rotate.error}
      />
    </div>
  )
}
