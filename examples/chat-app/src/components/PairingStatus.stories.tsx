import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent, within } from 'storybook/test'
import { PairingStatus } from './PairingStatus'

/** A device before it has a session with the wallet (its stored chat shows below meanwhile). */
const meta = {
  title: 'Example/Device pairing',
  component: PairingStatus,
  args: { onPairAgain: fn(), hasDemoWallet: true },
} satisfies Meta<typeof PairingStatus>

export default meta
type Story = StoryObj<typeof meta>

const pairingUri =
  'wc:7f6e504bfad60b485450578e05678ed3e8e8c4751d3c6160be17160d63ec90f9@2?relay-protocol=irn&symKey=587d5484ce2a2a6ee3ba1962fdd7e8588e06200c46823bd18fbd67def96ad303&expiryTimestamp=1795636800'

/** The sign client is starting (restoring its session with the wallet). */
export const Starting: Story = {
  args: { connection: { status: 'starting' } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByTestId('pairing')).toHaveAttribute('data-status', 'starting')
  },
}

/** The demo wallet on the page is approving the pairing. */
export const PairingWithDemoWallet: Story = {
  args: { connection: { status: 'pairing', uri: pairingUri } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByTestId('pairing')).toHaveTextContent('Pairing with the demo wallet')
    await expect(canvas.queryByTestId('pairing-uri')).toBeNull()
  },
}

/** A real wallet (with `VITE_WC_PROJECT_ID`): the URI to paste into it. */
export const PairingUri: Story = {
  args: { connection: { status: 'pairing', uri: pairingUri }, hasDemoWallet: false },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByTestId('pairing-uri')).toHaveValue(pairingUri)
  },
}

/** The wallet ended the session; the device offers to pair again. */
export const PairingFailed: Story = {
  args: { connection: { status: 'failed', message: 'The wallet ended the session' } },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('alert')).toHaveTextContent('The wallet ended the session')
    await userEvent.click(canvas.getByTestId('pair-again'))
    await expect(args.onPairAgain).toHaveBeenCalledOnce()
  },
}
