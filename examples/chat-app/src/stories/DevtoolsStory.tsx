import { IncomingMessageError, RelayRequestError, StorageError } from '@chatsync/core'
import { ChatSyncProvider, useChatSync } from '@chatsync/react'
import { ChatSyncDevtools } from '@chatsync/react-devtools/production'
import {
  createMemoryChatSyncClient,
  inviteKeysFixture,
  type MemoryChatSyncClient,
  type MemoryChatSyncClientOptions,
  sentInviteFixtures,
  storyAccount,
  threadFixtures,
} from '@chatsync/test'
import { useEffect, useRef, useState } from 'react'

/** What happens on the device once sync is on. */
export type DevtoolsScenario =
  /** Nothing more. */
  | 'none'
  /** A thread written here, a sent invite deleted here (a tombstone), a thread from another device. */
  | 'writes'
  /** Background errors: a dropped message, a failed publish, a storage failure. */
  | 'errors'

export type DevtoolsStoryProps = Omit<MemoryChatSyncClientOptions, 'registered'> & {
  scenario?: DevtoolsScenario
  /** A registration exists already; otherwise the wallet signs `storySignature` first. */
  isRegistered?: boolean
}

/** The signature the story's wallet gives: the root secret, never to be shown. */
export const storySignature = `0x${'7e1d'.repeat(32)}1c`

/** What the stories' device holds: sent invites, threads and the invite key, each with secrets. */
export const storyEntries = {
  sentInvites: sentInviteFixtures(3),
  threads: threadFixtures(2),
  inviteKeys: [inviteKeysFixture],
}
/** The thread the device writes, and the one another device writes (`writes`). */
export const [localThread, remoteThread] = threadFixtures(4).slice(2) as [
  ReturnType<typeof threadFixtures>[number],
  ReturnType<typeof threadFixtures>[number],
]

async function play(client: MemoryChatSyncClient, scenario: DevtoolsScenario) {
  if (scenario === 'writes') {
    await client.set({ account: storyAccount, store: 'threads', value: localThread })
    const deleted = storyEntries.sentInvites[1]!.responseTopic
    await client.delete({ account: storyAccount, store: 'sentInvites', key: deleted })
    client.pushRemote(storyAccount, 'threads', [remoteThread])
  }
  if (scenario === 'errors') {
    const store = 'com.walletconnect.chat.threads'
    const errors = [
      new IncomingMessageError({ account: storyAccount, store, reason: 'undecryptable' }),
      new RelayRequestError({ operation: 'publish', account: storyAccount }),
      new StorageError({ operation: 'save', account: storyAccount }),
    ]
    for (const error of errors) client.reportError({ account: storyAccount, error })
  }
}

/** Runs the scenario once the account is enabled (syncing or ready). */
function Scenario({ client, scenario }: { client: MemoryChatSyncClient; scenario: DevtoolsScenario }) {
  const { status } = useChatSync()
  const played = useRef(false)
  useEffect(() => {
    if (played.current || (status !== 'ready' && status !== 'syncing')) return
    played.current = true
    void play(client, scenario)
  }, [client, scenario, status])
  return null
}

/** The devtools panel, open, behind the real `<ChatSyncProvider>` over the in-memory client. */
export function DevtoolsStory({ scenario = 'none', isRegistered = true, ...options }: DevtoolsStoryProps) {
  const [client] = useState(() =>
    createMemoryChatSyncClient({
      initial: storyEntries,
      ...options,
      registered: isRegistered ? [storyAccount] : [],
    }),
  )
  return (
    <div style={{ maxWidth: 900 }}>
      <ChatSyncProvider client={client} account={storyAccount} signMessage={async () => storySignature}>
        <Scenario client={client} scenario={scenario} />
        <ChatSyncDevtools initialIsOpen buttonPosition="relative" label="Alice · device 1" />
      </ChatSyncProvider>
    </div>
  )
}
