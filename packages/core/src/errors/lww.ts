import { BaseError } from './base.js'

export type InvalidStoreUpdateErrorType = InvalidStoreUpdateError & { name: 'InvalidStoreUpdateError' }

/** An update handed to the reducer has no usable id, key or type. The value is never echoed. */
export class InvalidStoreUpdateError extends BaseError {
  override name = 'InvalidStoreUpdateError' as const

  constructor({ problem }: { problem: string }) {
    super(`Invalid store update: ${problem}.`)
  }
}
