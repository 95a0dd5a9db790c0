import type { InviteKeys, SentInvite, Thread } from '@chatsync/core'
import {
  useChatSync,
  useInviteKey,
  useReceivedInviteStatuses,
  useSentInvites,
  useThreads,
} from '@chatsync/react'
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import type { ChatClient, ShownMessage } from './createChatClient'
import { createInvite, type ReceivedInvite } from './invite'
import { isSameAccount } from './isSameAccount'
import { type KeyDirectory, KeyDirectoryError } from './KeyDirectory'
import { generateKeyPair } from './keys'
import { type AsyncAction, useAsyncAction } from './useAsyncAction'

export type UseChatParameters = {
  /** The device's chat client. */
  chat: ChatClient
  /** The invite-key directory; without one the account cannot be invited or invite. */
  directory: KeyDirectory | undefined
}

/** A received invite with the answer any device of the account gave (from `receivedInviteStatuses`). */
export type ShownInvite = ReceivedInvite & { status: string }

export type ShownThread = Thread & { messages: readonly ShownMessage[]; isLeftByPeer: boolean }

export type UseChatReturnType = {
  account: string | undefined
  /** Sync is on: the stores can be read and written. */
  isEnabled: boolean
  inviteKeys: InviteKeys | undefined
  sentInvites: readonly SentInvite[]
  /** Response topics of sent invites the relay has not accepted yet ("sending…"). */
  sendingInvites: ReadonlySet<string>
  receivedInvites: readonly ShownInvite[]
  threads: readonly ShownThread[]
  /** A background step that failed (registering the invite key, storing an answer). */
  problem: unknown
  sendInvite: AsyncAction<[{ inviteeAccount: string; message: string }]>
  answerInvite: AsyncAction<[ReceivedInvite, 'accept' | 'reject']>
  sendMessage: AsyncAction<[Thread, string]>
  leaveThread: AsyncAction<[Thread]>
  rotateInviteKey: AsyncAction<[]>
}

const EMPTY: readonly ShownMessage[] = []

/**
 * The Chat protocol on one device, with every store written through the chatsync hooks at the moments
 * the Chat spec's "Usage of Sync API" names:
 *
 * - no invite key yet (once caught up): make one, register it in the directory, `useInviteKeys().set`;
 *   whatever key the store holds is the one registered (an older device's key loses by last-writer-wins);
 * - every device listens on the synced invite key's topic, on the response topics of the account's
 *   pending sent invites, and on its synced threads' topics;
 * - send an invite: `useSentInvites().set` (pending) first, then publish, so every device of the
 *   inviter can take the answer;
 * - an answer arrives (on whichever device): accepted → `useThreads().set` and the sent invite
 *   `approved`; rejected → `rejected`;
 * - answer a received invite: publish, then `useThreads().set` (accept) and
 *   `useReceivedInviteStatuses().set`, so the account's other devices show it answered;
 * - leave a thread: tell the peer, then `useThreads().remove`.
 */
export function useChat({ chat, directory }: UseChatParameters): UseChatReturnType {
  const sync = useChatSync()
  const inviteKeys = useInviteKey({ account: sync.account ?? '' })
  const sentInvites = useSentInvites()
  const threads = useThreads()
  const statuses = useReceivedInviteStatuses()
  const sentList = sentInvites.data ?? EMPTY_INVITES
  const sentByKey = useMemo(() => byKeyOf(sentList, (invite) => invite.responseTopic), [sentList])
  const statusByKey = useMemo(
    () => byKeyOf(statuses.data ?? [], (status) => String(status.id)),
    [statuses.data],
  )
  const state = useSyncExternalStore(chat.subscribe, chat.getSnapshot)
  const [problem, setProblem] = useState<unknown>()
  const { account } = sync
  const isEnabled = (sync.status === 'ready' || sync.status === 'syncing') && account !== undefined
  const ownKeys = account ? inviteKeys.data : undefined
  const setInviteKeys = inviteKeys.set.mutateAsync
  const setSentInvite = sentInvites.set.mutateAsync
  const setThread = threads.set.mutateAsync
  const removeThread = threads.remove.mutateAsync
  const setStatus = statuses.set.mutateAsync

  const pendingInvites = useMemo(
    () =>
      sentList.filter(
        (invite) => invite.status === 'pending' && !!account && isSameAccount(invite.inviterAccount, account),
      ),
    [sentList, account],
  )
  const ownThreads = useMemo(
    () => (threads.data ?? []).filter((thread) => !!account && isSameAccount(thread.selfAccount, account)),
    [threads.data, account],
  )

  // Listen where the synced stores say: invite topic, pending answers, threads.
  useEffect(() => {
    chat.setWatchList(
      isEnabled
        ? { account, inviteKeys: ownKeys, pendingInvites, threads: ownThreads }
        : { account: account ?? '', pendingInvites: [], threads: [] },
    )
  }, [chat, isEnabled, account, ownKeys, pendingInvites, ownThreads])

  // The invite key: one per account, created by the first device that finds none once caught up.
  const registered = useRef<string | undefined>(undefined)
  const creating = useRef(false)
  useEffect(() => {
    if (!directory || !account || sync.status !== 'ready') return
    if (ownKeys) {
      if (registered.current === ownKeys.publicKey) return
      registered.current = ownKeys.publicKey
      directory.register(account, ownKeys.publicKey).catch((error: unknown) => {
        registered.current = undefined
        setProblem(error)
      })
      return
    }
    if (creating.current) return
    creating.current = true
    const keys: InviteKeys = { account, ...generateKeyPair() }
    directory
      .register(account, keys.publicKey)
      .then(() => setInviteKeys(keys))
      .catch(setProblem)
      .finally(() => {
        creating.current = false
      })
  }, [directory, account, sync.status, ownKeys, setInviteKeys])

  // Answers to sent invites, on whichever device got them.
  const settling = useRef(new Set<string>())
  useEffect(() => {
    for (const [responseTopic, outcome] of Object.entries(state.responses)) {
      const invite = sentByKey[responseTopic]
      if (!invite || settling.current.has(responseTopic)) continue
      if (invite.status !== 'pending') {
        chat.settleResponse(responseTopic)
        continue
      }
      settling.current.add(responseTopic)
      const writes =
        outcome.status === 'approved'
          ? setThread(outcome.thread).then(() => setSentInvite({ ...invite, status: 'approved' }))
          : setSentInvite({ ...invite, status: 'rejected' })
      writes
        .then(() => chat.settleResponse(responseTopic))
        .catch(setProblem)
        .finally(() => settling.current.delete(responseTopic))
    }
  }, [chat, state.responses, sentByKey, setThread, setSentInvite])

  const sendInvite = useAsyncAction(
    async ({ inviteeAccount, message }: { inviteeAccount: string; message: string }) => {
      if (!account || !directory) throw new KeyDirectoryError('Invites need the key directory.')
      const inviteePublicKey = await directory.resolve(inviteeAccount)
      if (!inviteePublicKey)
        throw new KeyDirectoryError('This account has no invite key yet.', {
          details: 'It can be invited once one of its devices has enabled sync.',
        })
      const invite = createInvite({ inviterAccount: account, inviteeAccount, inviteePublicKey, message })
      await setSentInvite(invite.sentInvite)
      await chat.publishInvite(invite)
    },
  )

  const answerInvite = useAsyncAction(async (invite: ReceivedInvite, answer: 'accept' | 'reject') => {
    const thread = await chat.answerInvite(invite, answer)
    if (thread) await setThread(thread)
    await setStatus({ id: invite.id, status: answer === 'accept' ? 'approved' : 'rejected' })
  })

  const sendMessage = useAsyncAction((thread: Thread, text: string) => chat.sendMessage(thread, text))

  const leaveThread = useAsyncAction(async (thread: Thread) => {
    // The peer is told when possible; leaving works offline too.
    await chat.leave(thread).catch(() => undefined)
    await removeThread(thread.topic)
  })

  const rotateInviteKey = useAsyncAction(async () => {
    if (!account || !directory) throw new KeyDirectoryError('Invite keys need the key directory.')
    const keys: InviteKeys = { account, ...generateKeyPair() }
    await directory.register(account, keys.publicKey)
    registered.current = keys.publicKey
    await setInviteKeys(keys)
  })

  const receivedInvites = useMemo(
    () =>
      state.receivedInvites
        .filter((invite) => !!account && isSameAccount(invite.inviteeAccount, account))
        .map((invite) => ({ ...invite, status: statusByKey[String(invite.id)]?.status ?? 'pending' })),
    [state.receivedInvites, statusByKey, account],
  )
  const shownThreads = useMemo(
    () =>
      ownThreads.map((thread) => ({
        ...thread,
        messages: state.messages[thread.topic] ?? EMPTY,
        isLeftByPeer: state.left[thread.topic] === true,
      })),
    [ownThreads, state.messages, state.left],
  )

  return {
    account,
    isEnabled,
    inviteKeys: ownKeys,
    sentInvites: sentList,
    sendingInvites: sentInvites.unsyncedKeys,
    receivedInvites,
    threads: shownThreads,
    problem,
    sendInvite,
    answerInvite,
    sendMessage,
    leaveThread,
    rotateInviteKey,
  }
}

const EMPTY_INVITES: readonly SentInvite[] = []

function byKeyOf<T>(values: readonly T[], keyOf: (value: T) => string): Readonly<Record<string, T>> {
  return Object.fromEntries(values.map((value) => [keyOf(value), value]))
}
