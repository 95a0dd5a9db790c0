import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent, within } from 'storybook/test'
import { storyInvite } from '../stories/chatFixtures'
import { ReceivedInviteList } from './ReceivedInviteList'

/** Invites the account received, verified, with the answer any of its devices gave. */
const meta = {
  title: 'Example/Received invites',
  component: ReceivedInviteList,
  parameters: { layout: 'padded' },
  args: { invites: [storyInvite], onAnswer: fn() },
} satisfies Meta<typeof ReceivedInviteList>

export default meta
type Story = StoryObj<typeof meta>

/** Waiting for an answer. */
export const Pending: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByTestId('received-invite-message')).toHaveTextContent('Hi Alice, shall we chat?')
    await userEvent.click(canvas.getByTestId('accept-invite'))
    await expect(args.onAnswer).toHaveBeenCalledWith(storyInvite, 'accept')
  },
}

/** This device is answering it: no second answer meanwhile. */
export const Answering: Story = {
  args: { invites: [{ ...storyInvite, isAnswering: true }] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByTestId('accept-invite')).toBeDisabled()
    await expect(canvas.getByTestId('reject-invite')).toBeDisabled()
  },
}

/** Answered on another device of the account. */
export const Rejected: Story = {
  args: { invites: [{ ...storyInvite, status: 'rejected' }] },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByTestId('received-invite-status')).toHaveTextContent('rejected')
  },
}
