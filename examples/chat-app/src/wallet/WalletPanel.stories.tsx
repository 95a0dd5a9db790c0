import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { storyIdentityMessage, storySyncMessage } from '../stories/createStoryWallet'
import { WalletStory } from '../stories/WalletStory'

/** The built-in demo wallet's panel. */
const meta = {
  title: 'Example/Demo wallet',
  component: WalletStory,
} satisfies Meta<typeof WalletStory>

export default meta
type Story = StoryObj<typeof meta>

/** Nothing asked yet. */
export const NoRequests: Story = {
  args: {},
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByTestId('demo-wallet-warning')).toHaveTextContent('do not use real funds')
    await expect(canvas.queryAllByTestId('wallet-request')).toHaveLength(0)
  },
}

/** A device asks for the sync signature; rejecting it marks the request rejected. */
export const SignatureRequest: Story = {
  args: {
    requests: [
      {
        id: 1,
        topic: 'a',
        peerName: 'chatsync example · Device 1',
        message: storySyncMessage,
        kind: 'sync',
        status: 'pending',
      },
    ],
    activity: [{ id: 1, text: 'Paired with chatsync example · Device 1' }],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const request = canvas.getByTestId('wallet-request')
    await expect(request).toHaveAttribute('data-status', 'pending')
    await expect(request).toHaveTextContent('I authorize this app to sync my account')
    await userEvent.click(canvas.getByTestId('wallet-reject'))
    await waitFor(() =>
      expect(canvas.getByTestId('wallet-request')).toHaveAttribute('data-status', 'rejected'),
    )
  },
}

/** After the sync signature, a device asks once to authorise its chat identity key (CAIP-122). */
export const IdentityRequest: Story = {
  args: {
    requests: [
      {
        id: 4,
        topic: 'a',
        peerName: 'chatsync example · Device 1',
        message: storyIdentityMessage,
        kind: 'identity',
        status: 'pending',
      },
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const request = canvas.getByTestId('wallet-request')
    await expect(request).toHaveAttribute('data-kind', 'identity')
    await expect(request).toHaveTextContent('asks you to authorise its chat identity key')
    await userEvent.click(canvas.getByTestId('wallet-approve'))
    await waitFor(() =>
      expect(canvas.getByTestId('wallet-request')).toHaveAttribute('data-status', 'approved'),
    )
  },
}

/** Answered requests stay listed with their outcome. */
export const History: Story = {
  args: {
    requests: [
      {
        id: 1,
        topic: 'a',
        peerName: 'chatsync example · Device 1',
        message: storySyncMessage,
        kind: 'sync',
        status: 'rejected',
      },
      {
        id: 2,
        topic: 'a',
        peerName: 'chatsync example · Device 1',
        message: storySyncMessage,
        kind: 'sync',
        status: 'approved',
      },
      {
        id: 3,
        topic: 'b',
        peerName: 'chatsync example · Device 2',
        message: storySyncMessage,
        kind: 'sync',
        status: 'approved',
      },
    ],
    activity: [
      { id: 1, text: 'Paired with chatsync example · Device 1' },
      { id: 2, text: 'Paired with chatsync example · Device 2' },
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getAllByTestId('wallet-request')).toHaveLength(3)
    await expect(canvas.queryAllByTestId('wallet-approve')).toHaveLength(0)
  },
}
