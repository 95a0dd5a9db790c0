export {
  type CreateKeyDirectoryParameters,
  createKeyDirectory,
  type KeyDirectory,
} from './createKeyDirectory.js'
export {
  type DevRelay,
  type DevRelayLimits,
  type DevRelayLogger,
  type StartDevRelayParameters,
  startDevRelay,
} from './startDevRelay.js'
