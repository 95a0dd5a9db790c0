import { BaseError, MASKED } from '@chatsync/core'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import {
  DevtoolsStory,
  localThread,
  remoteThread,
  storyEntries,
  storySignature,
} from '../stories/DevtoolsStory'

/**
 * The chatsync devtools panel of one device (`@chatsync/react-devtools`), open, over the in-memory
 * client: what the client knows about the account, secrets masked.
 */
const meta = {
  title: 'Example/Devtools',
  component: DevtoolsStory,
  parameters: { layout: 'padded' },
} satisfies Meta<typeof DevtoolsStory>

export default meta
type Story = StoryObj<typeof meta>

const secrets = [
  storySignature,
  ...storyEntries.sentInvites.flatMap((invite) => [invite.inviterPrivKeyY, invite.symKey]),
  ...[...storyEntries.threads, localThread, remoteThread].map((thread) => thread.symKey),
  ...storyEntries.inviteKeys.map((keys) => keys.privateKey),
]

const ready = async (canvasElement: HTMLElement, status = 'ready') => {
  const canvas = within(canvasElement)
  await waitFor(() => expect(canvas.getByTestId('chatsync-devtools-status')).toHaveTextContent(status))
  return canvas
}

const entryOf = (canvasElement: HTMLElement, key: string) =>
  canvasElement.querySelector(`[data-testid="chatsync-devtools-entry"][data-key="${key}"]`)

/**
 * In sync after the wallet signed: entries read from the relay (remote), a thread written here (local), a
 * sent invite deleted here (a tombstone) and a thread from another device. No secret is in the page.
 */
export const Ready: Story = {
  args: { isRegistered: false, scenario: 'writes' },
  play: async ({ canvasElement }) => {
    const canvas = await ready(canvasElement)
    await expect(canvas.getByTestId('chatsync-devtools-reason')).toHaveTextContent('Caught up with the relay')
    await expect(canvas.getByTestId('chatsync-devtools-relay')).toHaveTextContent('connected')
    await userEvent.click(canvas.getByTestId('chatsync-devtools-tab-stores'))
    await waitFor(() => expect(entryOf(canvasElement, remoteThread.topic)).not.toBeNull())
    await expect(entryOf(canvasElement, localThread.topic)).toHaveAttribute('data-writer', 'local')
    await expect(entryOf(canvasElement, remoteThread.topic)).toHaveAttribute('data-writer', 'remote')
    const tombstone = entryOf(canvasElement, storyEntries.sentInvites[1]!.responseTopic)
    await expect(tombstone).toHaveAttribute('data-deleted', 'true')
    await expect(tombstone).toHaveTextContent('tombstone')
    const html = document.body.innerHTML
    await expect(html).toContain(MASKED)
    for (const secret of secrets) await expect(html).not.toContain(secret)
  },
}

/** The relay refuses the writes: they wait in the outbox, a retry waiting for its backoff. */
export const OutboxRetrying: Story = {
  args: { writes: 'retry', scenario: 'writes' },
  play: async ({ canvasElement }) => {
    const canvas = await ready(canvasElement)
    await userEvent.click(canvas.getByTestId('chatsync-devtools-tab-outbox'))
    await waitFor(() => expect(canvas.getAllByTestId('chatsync-devtools-outbox-item')).toHaveLength(2))
    await expect(canvas.getByTestId('chatsync-devtools-outbox-summary')).toHaveAttribute(
      'data-retrying',
      'true',
    )
    await expect(canvas.getByTestId('chatsync-devtools-outbox-summary')).toHaveTextContent(
      'A retry waits for its backoff.',
    )
  },
}

/** Catching up, offline: the relay does not answer. */
export const SyncingOffline: Story = {
  args: { settlesAs: 'syncing', relay: 'offline' },
  play: async ({ canvasElement }) => {
    const canvas = await ready(canvasElement, 'syncing')
    await waitFor(() =>
      expect(canvas.getByTestId('chatsync-devtools-relay')).toHaveAttribute('data-connection', 'offline'),
    )
    await expect(canvas.getByTestId('chatsync-devtools-relay-failure')).toHaveTextContent(
      'cannot be reached: the connection was refused.',
    )
    await expect(canvas.getByTestId('chatsync-devtools-reason')).toHaveTextContent(
      "Registered, catching up. Reading the relay's history of the store topics. Offline: the relay does not answer.",
    )
  },
}

/** Background errors: a dropped message, a failed publish, a storage failure; newest first. */
export const BackgroundErrors: Story = {
  args: { scenario: 'errors' },
  play: async ({ canvasElement }) => {
    const canvas = await ready(canvasElement)
    await waitFor(() =>
      expect(canvas.getByTestId('chatsync-devtools-tab-errors')).toHaveTextContent('errors (3)'),
    )
    await userEvent.click(canvas.getByTestId('chatsync-devtools-tab-errors'))
    const errors = canvas.getAllByTestId('chatsync-devtools-error')
    await expect(errors).toHaveLength(3)
    await expect(errors[0]).toHaveTextContent('StorageError')
    await expect(errors[2]).toHaveTextContent('IncomingMessageError')
  },
}

/** Enabling failed: the status says why, and nothing is live on the client. */
export const EnableFailed: Story = {
  args: {
    enableError: new BaseError('Could not reach the relay.', { details: 'The connection was refused.' }),
  },
  play: async ({ canvasElement }) => {
    const canvas = await ready(canvasElement, 'error')
    await expect(canvas.getByTestId('chatsync-devtools-session-error')).toHaveTextContent(
      'ChatSyncError: Could not reach the relay. (The connection was refused.)',
    )
  },
}
