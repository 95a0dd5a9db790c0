import * as nodeCrypto from 'node:crypto'
import { type NodeCrypto, nodePrimitives } from './nodePrimitives.js'
import type { CryptoPrimitives } from './primitives.js'

let primitives: CryptoPrimitives | undefined

/** Node (and runtimes that resolve the `node` condition): the native primitives, made on first use. */
export function getPrimitives(): CryptoPrimitives {
  primitives ??= nodePrimitives(nodeCrypto as unknown as NodeCrypto)
  return primitives
}
