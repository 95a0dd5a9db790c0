export {
  type DevRelay,
  type DevRelayLimits,
  type DevRelayLogger,
  type StartDevRelayParameters,
  startDevRelay,
} from './startDevRelay.js'
