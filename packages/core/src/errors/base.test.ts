import { describe, expect, test } from 'vitest'
import pkg from '../../package.json' with { type: 'json' }
import { InvalidAccountError } from './account.js'
import { BaseError } from './base.js'
import { version } from './version.js'

describe('BaseError', () => {
  test('default', () => {
    const error = new BaseError('Something failed.', { details: 'more' })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('ChatSyncError')
    expect(error.shortMessage).toBe('Something failed.')
    expect(error.details).toBe('more')
    expect(error.version).toBe(`@chatsync/core@${pkg.version}`)
    expect(error.message).toBe(`Something failed.\n\nDetails: more\nVersion: @chatsync/core@${pkg.version}`)
  })

  test('behavior: the version follows package.json', () => {
    expect(version).toBe(pkg.version)
  })

  test('behavior: details come from a BaseError cause, never from a foreign cause', () => {
    const inner = new BaseError('inner', { details: 'inner details' })
    expect(new BaseError('outer', { cause: inner }).details).toBe('inner details')
    const foreign = new Error('secret 0xdeadbeef')
    const outer = new BaseError('outer', { cause: foreign })
    expect(outer.details).toBe('')
    expect(outer.message).not.toContain('0xdeadbeef')
    expect(outer.cause).toBe(foreign)
  })

  test('behavior: walk', () => {
    const root = new Error('root')
    const middle = new InvalidAccountError({ account: 'x', reason: 'wrong-segment-count' })
    const top = new BaseError('top', { cause: new BaseError('mid', { cause: root }) })
    expect(top.walk()).toBe(root)
    expect(top.walk((e) => e instanceof InvalidAccountError)).toBeNull()
    const chained = new BaseError('top', { cause: middle })
    expect(chained.walk((e) => e instanceof InvalidAccountError)).toBe(middle)
    expect(new BaseError('alone').walk()).toBeInstanceOf(BaseError)
  })
})
