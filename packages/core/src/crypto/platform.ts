import { type CryptoPrimitives, portablePrimitives } from './primitives.js'

/**
 * The primitives of this platform: browsers and other runtimes without `node:crypto` use the portable
 * ones. Node resolves `#platform-primitives` to `platform.node.ts` instead (package.json `imports`), so
 * no Node code reaches a browser bundle.
 */
export function getPrimitives(): CryptoPrimitives {
  return portablePrimitives
}
