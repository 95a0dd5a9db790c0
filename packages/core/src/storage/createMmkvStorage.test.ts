import { createMemoryMmkv } from '@chatsync/test/react-native'
import { describe, expect, test } from 'vitest'
import { BaseError } from '../errors/base.js'
import { createMmkvStorage } from './createMmkvStorage.js'

describe('createMmkvStorage', () => {
  test.each([3, 4] as const)(
    'default: values go in as JSON text and come back equal (MMKV %i API)',
    async (version) => {
      const mmkv = createMemoryMmkv({ version })
      const storage = createMmkvStorage({ mmkv })
      const value = { version: 1, stores: '{"threads":{}}', list: [1, 'two', null], nested: { ok: true } }
      await storage.setItem('key', value)
      expect(mmkv.data.get('key')).toBe(JSON.stringify(value))
      expect(await storage.getItem('key')).toEqual(value)
      expect(await storage.getItem('missing')).toBeUndefined()
      await storage.removeItem('key')
      expect(mmkv.data.has('key')).toBe(false)
      expect(await storage.getItem('key')).toBeUndefined()
    },
  )

  test('behavior: something that is not an MMKV instance is refused at once', () => {
    for (const mmkv of [undefined, {}, { getString() {}, set() {} }]) {
      expect(() => createMmkvStorage({ mmkv: mmkv as never })).toThrow(BaseError)
    }
  })
})
