import { join } from 'node:path'
import { exportList } from '@chatsync/test/exportList'
import { expect, test } from 'vitest'
import * as chat from './index.js'

test('exports: @chatsync/chat has exactly these names (an export added or removed must update its list)', () => {
  const names = exportList(join(import.meta.dirname, 'index.ts'))
  // The list read from the source is what the module exports at run time, plus its types.
  expect(names.filter((name) => !name.startsWith('type '))).toEqual(Object.keys(chat).sort())
  expect(names).toMatchSnapshot()
})
