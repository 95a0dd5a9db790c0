import type { Device, DeviceConnection } from '../device/createDevice'

/** A device frozen in one pairing state, for stories. */
export function createStoryDevice(connection: DeviceConnection, id = 1): Device {
  return {
    id,
    label: `Device ${id}`,
    getSnapshot: () => connection,
    subscribe: () => () => {},
    reconnect: () => {},
    destroy: async () => {},
  }
}
