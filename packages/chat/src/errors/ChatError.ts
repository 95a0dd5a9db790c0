import { BaseError, type BaseErrorParameters } from '@chatsync/core'
import { version } from '../version.js'

/** The errors of this package: chatsync's `BaseError`, reporting `@chatsync/chat` and its version. */
export class ChatError extends BaseError {
  constructor(shortMessage: string, parameters: Omit<BaseErrorParameters, 'version'> = {}) {
    super(shortMessage, { ...parameters, version: `@chatsync/chat@${version}` })
  }
}
