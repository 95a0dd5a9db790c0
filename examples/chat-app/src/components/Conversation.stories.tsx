import { EmptyMessageError, MessageTooLongError } from '@chatsync/chat'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fireEvent, fn, userEvent, within } from 'storybook/test'
import { storyThread } from '../stories/chatFixtures'
import { ConversationStory } from '../stories/FormStories'

/** One thread as a device shows it, and what its message box says about limits and blanks. */
const meta = {
  title: 'Example/Conversation',
  component: ConversationStory,
  parameters: { layout: 'padded' },
  args: { thread: storyThread, canSend: true, onLeave: fn(), result: 'sent' },
} satisfies Meta<typeof ConversationStory>

export default meta
type Story = StoryObj<typeof meta>

/** Bob's message, Alice's delivered one, and one still on its way to the relay. */
export const Messages: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const messages = canvas.getAllByTestId('chat-message')
    await expect(messages).toHaveLength(3)
    await expect(messages[0]).toHaveAttribute('data-author', 'peer')
    await expect(messages[2]).toHaveAttribute('data-status', 'pending')
    await expect(messages[2]).toHaveTextContent('sending…')
    await expect(canvas.getByTestId('message-counter')).toHaveTextContent('0/1000')
  },
}

/** 5,000 pasted characters are all kept; the counter says so and the package's error says why it was not sent. */
export const TooLong: Story = {
  args: { result: new MessageTooLongError({ what: 'message', limit: 1000, length: 5000 }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const input = canvas.getByTestId('message-input')
    fireEvent.change(input, { target: { value: 'x'.repeat(5000) } })
    await expect(canvas.getByTestId('message-counter')).toHaveTextContent('5000/1000')
    await expect(canvas.getByTestId('message-counter')).toHaveClass('counter--over')
    await userEvent.click(canvas.getByTestId('send-message'))
    await expect(await canvas.findByTestId('message-error')).toHaveTextContent(
      'The message is 5000 characters long; the limit is 1000. Shorten it; nothing was cut or sent.',
    )
    await expect(input).toHaveValue('x'.repeat(5000))
    await userEvent.type(input, '{Backspace}')
    await expect(canvas.queryByTestId('message-error')).toBeNull()
  },
}

/** A blank message is not sent, and the box says why. */
export const Blank: Story = {
  args: { result: new EmptyMessageError() },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(canvas.getByTestId('message-input'), '   ')
    await userEvent.click(canvas.getByTestId('send-message'))
    await expect(await canvas.findByTestId('message-error')).toHaveTextContent(
      'The message is empty. Write something to send.',
    )
  },
}

/** Bob left: the thread says so. */
export const PeerLeft: Story = {
  args: { thread: { ...storyThread, isLeftByPeer: true } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByTestId('peer-left')).toHaveTextContent('Bob left the thread.')
  },
}
