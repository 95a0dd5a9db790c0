import { BaseError } from '@chatsync/core'
import { expect, test } from 'vitest'
import pkg from '../../package.json' with { type: 'json' }
import { ChatNotConfiguredError } from '../react/ChatNotConfiguredError.js'
import { version } from '../version.js'
import { EmptyMessageError, KeysServerError } from './chat.js'
import { ChatPayloadRejectedError } from './rejected.js'

test('default: the chat package’s errors name @chatsync/chat and its version, and are chatsync BaseErrors', () => {
  expect(version).toBe(pkg.version)
  for (const error of [
    new EmptyMessageError(),
    new KeysServerError({ action: 'resolve an identity key', status: 503 }),
    new ChatPayloadRejectedError({ kind: 'message', reason: 'malformed' }),
    new ChatNotConfiguredError(),
  ]) {
    expect(error).toBeInstanceOf(BaseError)
    expect(error.version).toBe(`@chatsync/chat@${pkg.version}`)
    expect(error.message).toContain(`Version: @chatsync/chat@${pkg.version}`)
  }
})
