import { join } from 'node:path'
import { exportList } from '@chatsync/test/exportList'
import { expect, test } from 'vitest'
import * as hooks from './index.js'

test('exports: @chatsync/chat/react has exactly these names (an export added or removed must update its list)', () => {
  const names = exportList(join(import.meta.dirname, 'index.ts'))
  expect(names.filter((name) => !name.startsWith('type '))).toEqual(Object.keys(hooks).sort())
  expect(names).toMatchSnapshot()
})
