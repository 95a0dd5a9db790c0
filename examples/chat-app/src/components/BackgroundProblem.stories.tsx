import { IncomingMessageError, RelayRequestError } from '@chatsync/core'
import { storyAccount } from '@chatsync/test'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent, within } from 'storybook/test'
import { BackgroundProblem } from './BackgroundProblem'

/** What a device shows when the provider's `onError` reports a background error. */
const meta = {
  title: 'Example/Background problem',
  component: BackgroundProblem,
  parameters: { layout: 'padded' },
  args: { onDismiss: fn() },
} satisfies Meta<typeof BackgroundProblem>

export default meta
type Story = StoryObj<typeof meta>

/** A message on a store topic that could not be opened was dropped; the state is unchanged. */
export const DroppedMessage: Story = {
  args: {
    error: new IncomingMessageError({
      account: storyAccount,
      store: 'com.walletconnect.chat.threads',
      reason: 'undecryptable',
    }),
    count: 1,
  },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByTestId('background-problem')).toHaveAttribute(
      'data-name',
      'IncomingMessageError',
    )
    await expect(canvas.getByTestId('background-problem-text')).toHaveTextContent(
      `Dropped a com.walletconnect.chat.threads message for ${storyAccount} (undecryptable).`,
    )
    await userEvent.click(canvas.getByTestId('dismiss-problem'))
    await expect(args.onDismiss).toHaveBeenCalledOnce()
  },
}

/** Several reports since the last dismissal: the latest shows, with how many more there were. */
export const RelayRetries: Story = {
  args: {
    error: new RelayRequestError({ operation: 'fetch', account: storyAccount, cause: undefined }),
    count: 3,
  },
  play: async ({ canvasElement }) => {
    const problem = within(canvasElement).getByTestId('background-problem')
    await expect(problem).toHaveAttribute('data-name', 'RelayRequestError')
    await expect(problem).toHaveTextContent(`The relay fetch for ${storyAccount} failed. (and 2 more)`)
  },
}
