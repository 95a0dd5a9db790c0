import { createChatClient } from '../chat/createChatClient'
import { createMemoryChatNetwork } from '../chat/createMemoryChatNetwork'
import type { Device, DeviceConnection } from '../device/createDevice'

/** A device frozen in one pairing state, for stories. */
export function createStoryDevice(connection: DeviceConnection, id = 1): Device {
  return {
    owner: 'alice',
    id,
    key: `alice-${id}`,
    label: `Device ${id}`,
    chat: createChatClient({ transport: createMemoryChatNetwork().transport() }),
    directory: undefined,
    onChatProblem: () => () => {},
    getSnapshot: () => connection,
    subscribe: () => () => {},
    reconnect: () => {},
    destroy: async () => {},
  }
}
