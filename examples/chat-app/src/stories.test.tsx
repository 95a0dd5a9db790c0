// @vitest-environment jsdom
import { composeStories, setProjectAnnotations } from '@storybook/react-vite'
import { cleanup } from '@testing-library/react'
import { afterEach, beforeAll, describe, test } from 'vitest'
import preview from '../../../.storybook/preview'
import * as backgroundProblemStories from './components/BackgroundProblem.stories'
import * as conversationStories from './components/Conversation.stories'
import * as pairingStories from './components/PairingStatus.stories'
import * as receivedInviteStories from './components/ReceivedInviteList.stories'
import * as sendInviteStories from './components/SendInviteForm.stories'
import * as deviceDevtoolsStories from './device/DeviceDevtools.stories'
import * as walletPanelStories from './wallet/WalletPanel.stories'

const annotations = setProjectAnnotations([preview])
beforeAll(annotations.beforeAll)
afterEach(cleanup)

// Each story renders through the real components (and the real provider where there is one); its `play`
// function checks the state it shows.
const suites: [string, Record<string, { run(): Promise<void> }>][] = [
  ['Conversation', composeStories(conversationStories)],
  ['Send invite', composeStories(sendInviteStories)],
  ['Received invites', composeStories(receivedInviteStories)],
  ['Device pairing', composeStories(pairingStories)],
  ['Background problem', composeStories(backgroundProblemStories)],
  ['Devtools', composeStories(deviceDevtoolsStories)],
  ['Demo wallet', composeStories(walletPanelStories)],
]

for (const [suite, stories] of suites) {
  describe(`${suite} stories`, () => {
    for (const [name, Story] of Object.entries(stories)) test(name, () => Story.run())
  })
}
