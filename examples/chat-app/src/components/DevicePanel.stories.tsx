import { BaseError } from '@chatsync/core'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { DeviceStory } from '../stories/DeviceStory'
import { inviteKeysFixture, sentInviteFixtures, threadFixtures } from '../stories/fixtures'

/** One device's panel in each state a user meets, behind the real `<ChatSyncProvider>`. */
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
  },
}

/** In sync, nothing stored yet. */
export const ReadyEmpty: Story = {
  args: { isRegistered: true },
  play: async ({ canvasElement }) => {
    const canvas = await status(canvasElement, 'ready')
    await expect(canvas.getByTestId('sent-invites-empty')).toBeInTheDocument()
    await expect(canvas.getByTestId('threads-empty')).toBeInTheDocument()
    await expect(canvas.getByTestId('invite-keys-empty')).toBeInTheDocument()
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

/** Enabling for the first time: the wallet signs, the device registers and shows what it wrote. */
export const SignAndWrite: Story = {
  args: {},
  play: async ({ canvasElement }) => {
    await status(canvasElement, 'ready')
    const canvas = await sendInvite(canvasElement, 'Hey there! Wanna chat?')
    await waitFor(() => expect(canvas.getAllByTestId('sent-invite')).toHaveLength(1))
    await userEvent.click(canvas.getByTestId('accept-invite'))
    await waitFor(() => expect(canvas.getAllByTestId('thread')).toHaveLength(1))
    await expect(canvas.getByTestId('sent-invite-status')).toHaveTextContent('approved')
    await userEvent.click(canvas.getByTestId('rotate-invite-key'))
    await waitFor(() => expect(canvas.getAllByTestId('invite-key')).toHaveLength(1))
  },
}

/** A write in flight: the form waits for it. */
export const WritePending: Story = {
  args: { isRegistered: true, writes: 'hang', initial: { sentInvites: sentInviteFixtures(3) } },
  play: async ({ canvasElement }) => {
    await status(canvasElement, 'ready')
    const canvas = await sendInvite(canvasElement, 'Still sending')
    await waitFor(() => expect(canvas.getByTestId('send-invite')).toHaveTextContent('Sending…'))
    await expect(canvas.getByTestId('send-invite')).toBeDisabled()
  },
}

/** A write the engine refused: the error shows next to the form and nothing is added. */
export const WriteFailed: Story = {
  args: { isRegistered: true, writes: 'fail', initial: { sentInvites: sentInviteFixtures(3) } },
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
