import { InvalidInviteeError, InviteeNotFoundError } from '@chatsync/chat'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, within } from 'storybook/test'
import { SendInviteFormStory } from '../stories/FormStories'
import { DEMO_ACCOUNTS } from '../wallet/demoAccounts'

/** The invite form: a counter for the message, errors that say what to type, nothing lost on failure. */
const meta = {
  title: 'Example/Send invite',
  component: SendInviteFormStory,
  parameters: { layout: 'padded' },
  args: {
    invitees: [{ name: DEMO_ACCOUNTS.bob.name, account: DEMO_ACCOUNTS.bob.account }],
    result: 'sent',
  },
} satisfies Meta<typeof SendInviteFormStory>

export default meta
type Story = StoryObj<typeof meta>

/** Bob's account offered first; the message counts up to 200. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByTestId('invitee-input')).toHaveValue(DEMO_ACCOUNTS.bob.account)
    await userEvent.type(canvas.getByTestId('invite-message-input'), 'Hey Bob')
    await expect(canvas.getByTestId('invite-message-counter')).toHaveTextContent('7/200')
    await userEvent.click(canvas.getByTestId('send-invite'))
    await expect(canvas.getByTestId('invite-message-input')).toHaveValue('')
  },
}

/** A failed invite keeps the typed message; editing the invitee clears the error. */
export const FailedInviteKeepsMessage: Story = {
  args: { result: new InviteeNotFoundError({ account: DEMO_ACCOUNTS.bob.account }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.type(canvas.getByTestId('invite-message-input'), 'Hey Bob')
    await userEvent.click(canvas.getByTestId('send-invite'))
    await expect(await canvas.findByTestId('send-invite-error')).toHaveTextContent('has no invite key yet')
    await expect(canvas.getByTestId('invite-message-input')).toHaveValue('Hey Bob')
    await userEvent.type(canvas.getByTestId('invitee-input'), '{Backspace}')
    await expect(canvas.queryByTestId('send-invite-error')).toBeNull()
  },
}

/** Not an account: the error says which forms are taken. */
export const NotAnAccount: Story = {
  args: { result: new InvalidInviteeError({ reason: 'not-an-account' }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.clear(canvas.getByTestId('invitee-input'))
    await userEvent.type(canvas.getByTestId('invitee-input'), 'bob')
    await userEvent.click(canvas.getByTestId('send-invite'))
    await expect(await canvas.findByTestId('send-invite-error')).toHaveTextContent(
      'Expected a CAIP-10 account such as eip155:1:0xAbC…, or a bare 0x… address (taken as eip155:1).',
    )
  },
}
