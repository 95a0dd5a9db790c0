import { BaseError } from '@chatsync/core'
import {
  conversationMessages,
  conversationThread,
  inviteKeysFixture,
  receivedInviteFixture,
  sentInviteFixtures,
  threadFixtures,
} from '@chatsync/test'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { DeviceStory } from '../stories/DeviceStory'

/** One device of Alice in each state a user meets, behind the real `<ChatSyncProvider>`. */
const meta = {
  title: 'Example/Device panel',
  component: DeviceStory,
  parameters: { layout: 'padded' },
} satisfies Meta<typeof DeviceStory>

export default meta
type Story = StoryObj<typeof meta>

const status = async (canvasElement: HTMLElement, expected: string) => {
  const canvas = within(canvasElement)
  await waitFor(() => expect(canvas.getByTestId('sync-status')).toHaveAttribute('data-status', expected))
  return canvas
}

const sendInvite = async (canvasElement: HTMLElement, text: string) => {
  const canvas = within(canvasElement)
  await userEvent.type(canvas.getByTestId('invite-message-input'), text)
  await userEvent.click(canvas.getByTestId('send-invite'))
  return canvas
}

/** Sync not enabled on this device (after "Turn off", or before the first enable). */
export const SyncOff: Story = {
  args: { enableOnMount: false },
  play: async ({ canvasElement }) => {
    const canvas = await status(canvasElement, 'idle')
    await expect(canvas.getByTestId('enable-sync')).toHaveTextContent('Enable sync')
    await expect(canvas.getByTestId('send-invite')).toBeDisabled()
  },
}

/** Waiting for the wallet to sign the sync message. */
export const Signing: Story = {
  args: { wallet: 'waits' },
  play: async ({ canvasElement }) => {
    const canvas = await status(canvasElement, 'signing')
    await expect(canvas.getByTestId('sync-status-text')).toHaveTextContent('Waiting for the signature')
    await expect(canvas.getByTestId('send-invite')).toBeDisabled()
  },
}

/** The user rejected the signature in the wallet; "Try again" asks once more. */
export const Rejected: Story = {
  args: { wallet: 'rejects' },
  play: async ({ canvasElement }) => {
    const canvas = await status(canvasElement, 'rejected')
    await expect(canvas.getByTestId('sync-status-text')).toHaveTextContent('rejected')
    await expect(canvas.getByTestId('enable-sync')).toHaveTextContent('Try again')
  },
}

/** Registered, catching up with the relay: stored state shows, writes are allowed. */
export const Syncing: Story = {
  args: { isRegistered: true, settlesAs: 'syncing', initial: { sentInvites: sentInviteFixtures(2) } },
  play: async ({ canvasElement }) => {
    const canvas = await status(canvasElement, 'syncing')
    await expect(canvas.getAllByTestId('sent-invite')).toHaveLength(2)
    await expect(canvas.getByTestId('send-invite')).toBeEnabled()
    // Only a caught-up device makes an invite key (another device may have made one already).
    await expect(canvas.getByTestId('invite-keys-empty')).toBeInTheDocument()
  },
}

/** In sync with nothing stored: the device makes the account's invite key and registers it. */
export const ReadyEmpty: Story = {
  args: { isRegistered: true },
  play: async ({ canvasElement }) => {
    const canvas = await status(canvasElement, 'ready')
    await expect(canvas.getByTestId('sent-invites-empty')).toBeInTheDocument()
    await expect(canvas.getByTestId('threads-empty')).toBeInTheDocument()
    await expect(canvas.getByTestId('received-invites-empty')).toBeInTheDocument()
    await waitFor(() => expect(canvas.getAllByTestId('invite-key')).toHaveLength(1))
  },
}

/** In sync, with many entries in every store. */
export const ReadyWithMany: Story = {
  args: {
    isRegistered: true,
    initial: {
      sentInvites: sentInviteFixtures(24),
      threads: threadFixtures(12),
      inviteKeys: [inviteKeysFixture],
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = await status(canvasElement, 'ready')
    await expect(canvas.getAllByTestId('sent-invite')).toHaveLength(24)
    await expect(canvas.getAllByTestId('thread')).toHaveLength(12)
    await expect(canvas.getAllByTestId('invite-key')).toHaveLength(1)
  },
}

/**
 * Alice invites Bob, who accepts: the sent invite turns approved, the thread opens, Bob's "hello"
 * arrives and Alice answers.
 */
export const InviteAccepted: Story = {
  args: { peer: 'accepts' },
  play: async ({ canvasElement }) => {
    await status(canvasElement, 'ready')
    const canvas = await sendInvite(canvasElement, 'Hey Bob')
    await waitFor(() => expect(canvas.getByTestId('sent-invite')).toHaveAttribute('data-status', 'approved'))
    await waitFor(() => expect(canvas.getByTestId('thread-peer')).toHaveTextContent('Bob'))
    await waitFor(() => expect(canvas.getByTestId('chat-message-text')).toHaveTextContent('hello'))
    await userEvent.type(canvas.getByTestId('message-input'), 'Hi Bob')
    await userEvent.click(canvas.getByTestId('send-message'))
    await waitFor(() => expect(canvas.getAllByTestId('chat-message')).toHaveLength(2))
    await expect(canvas.getAllByTestId('chat-message')[1]).toHaveAttribute('data-author', 'self')
  },
}

/** Bob rejects: the sent invite turns rejected and no thread opens. */
export const InviteRejected: Story = {
  args: { peer: 'rejects' },
  play: async ({ canvasElement }) => {
    await status(canvasElement, 'ready')
    const canvas = await sendInvite(canvasElement, 'Hey Bob')
    await waitFor(() => expect(canvas.getByTestId('sent-invite')).toHaveAttribute('data-status', 'rejected'))
    await expect(canvas.getByTestId('threads-empty')).toBeInTheDocument()
  },
}

/** An invite from Bob is waiting; accepting opens the thread and records the answer for Alice's other devices. */
export const ReceivedInvite: Story = {
  args: { isRegistered: true, chatState: { receivedInvites: [receivedInviteFixture] } },
  play: async ({ canvasElement }) => {
    const canvas = await status(canvasElement, 'ready')
    await expect(canvas.getByTestId('received-invite-message')).toHaveTextContent('Hi Alice, shall we chat?')
    await userEvent.click(canvas.getByTestId('accept-invite'))
    await waitFor(() =>
      expect(canvas.getByTestId('received-invite')).toHaveAttribute('data-status', 'approved'),
    )
    await waitFor(() => expect(canvas.getByTestId('thread-peer')).toHaveTextContent('Bob'))
  },
}

/** A thread with its conversation; the last message is on its way to the relay. */
export const Conversation: Story = {
  args: {
    isRegistered: true,
    initial: { threads: [conversationThread], inviteKeys: [inviteKeysFixture] },
    chatState: {
      messages: {
        [conversationThread.topic]: [
          ...conversationMessages,
          { ...conversationMessages[1]!, id: 3, message: 'Still sending', status: 'sending' as const },
        ],
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = await status(canvasElement, 'ready')
    const messages = canvas.getAllByTestId('chat-message')
    await expect(messages).toHaveLength(3)
    await expect(messages[0]).toHaveAttribute('data-author', 'peer')
    await expect(messages[2]).toHaveAttribute('data-status', 'sending')
    await userEvent.click(canvas.getByTestId('leave-thread'))
    await waitFor(() => expect(canvas.getByTestId('threads-empty')).toBeInTheDocument())
  },
}

/** Bob has no invite key yet: the directory cannot resolve him. */
export const InviteeWithoutKey: Story = {
  args: { isRegistered: true },
  play: async ({ canvasElement }) => {
    await status(canvasElement, 'ready')
    const canvas = await sendInvite(canvasElement, 'Anyone there?')
    await waitFor(() =>
      expect(canvas.getByTestId('send-invite-error')).toHaveTextContent(
        'This account has no invite key yet.',
      ),
    )
    await expect(canvas.queryAllByTestId('sent-invite')).toHaveLength(0)
  },
}

/** With a real wallet on the public relay there is no development key directory. */
export const NoKeyDirectory: Story = {
  args: { isRegistered: true, hasDirectory: false },
  play: async ({ canvasElement }) => {
    const canvas = await status(canvasElement, 'ready')
    await expect(canvas.getByTestId('invites-unavailable')).toBeInTheDocument()
    await expect(canvas.getByTestId('send-invite')).toBeDisabled()
  },
}

/** A write in flight: the form waits for it. */
export const WritePending: Story = {
  args: {
    isRegistered: true,
    writes: 'hang',
    peer: 'accepts',
    initial: { sentInvites: sentInviteFixtures(3) },
  },
  play: async ({ canvasElement }) => {
    await status(canvasElement, 'ready')
    const canvas = await sendInvite(canvasElement, 'Still sending')
    await waitFor(() => expect(canvas.getByTestId('send-invite')).toHaveTextContent('Sending…'))
    await expect(canvas.getByTestId('send-invite')).toBeDisabled()
  },
}

/** A write the engine refused: the error shows next to the form and nothing is added. */
export const WriteFailed: Story = {
  args: {
    isRegistered: true,
    writes: 'fail',
    peer: 'accepts',
    initial: { sentInvites: sentInviteFixtures(3) },
  },
  play: async ({ canvasElement }) => {
    await status(canvasElement, 'ready')
    const canvas = await sendInvite(canvasElement, 'Will not arrive')
    await waitFor(() =>
      expect(canvas.getByTestId('send-invite-error')).toHaveTextContent('The change could not be saved.'),
    )
    await expect(canvas.getAllByTestId('sent-invite')).toHaveLength(3)
  },
}

/** Enabling failed for another reason than a rejection. */
export const ErrorState: Story = {
  name: 'Error',
  args: {
    isRegistered: true,
    enableError: new BaseError('Could not reach the relay.', { details: 'The connection was refused.' }),
  },
  play: async ({ canvasElement }) => {
    const canvas = await status(canvasElement, 'error')
    await expect(canvas.getByTestId('sync-error')).toHaveTextContent('Could not reach the relay.')
    await expect(canvas.getByTestId('enable-sync')).toHaveTextContent('Try again')
  },
}
