import { describe, expect, test } from 'vitest'
import type { AccountSync } from '../account/accountSync.js'
import { readerMarkerKey } from '../persistence/readerMarker.js'
import { createCleanMarks } from './createCleanMarks.js'
import type { PlatformHostEngine } from './platformHost.js'

type FakeSync = {
  account: string
  cleanToken: string | undefined
  unsaved: boolean
  /** Runs during `persistNow` (a message applied while the app goes). */
  duringSave?: () => void
  saveFails?: boolean
  calls: string[]
}

/** An engine of fake accounts whose storage records every marker write, in order. */
function setup(accounts: FakeSync[], { failWrites = false } = {}) {
  const writes: { key: string; value: unknown }[] = []
  const gates: (() => void)[] = []
  let held = false
  const map = new Map<string, AccountSync>()
  for (const fake of accounts) {
    map.set(fake.account, {
      account: fake.account,
      get unsaved() {
        return fake.unsaved
      },
      prepareToGo() {
        fake.calls.push('prepareToGo')
        return { record: undefined, cleanToken: fake.cleanToken }
      },
      async persistNow() {
        fake.calls.push('persistNow')
        fake.duringSave?.()
        if (fake.saveFails) throw new Error('disk full')
      },
    } as unknown as AccountSync)
  }
  const engine = {
    core: { crypto: { getClientId: async () => 'client-1' } },
    storage: {
      async setItem(key: string, value: unknown) {
        if (held) await new Promise<void>((resolve) => gates.push(resolve))
        if (failWrites) throw new Error('storage down')
        writes.push({ key, value })
      },
    },
    accounts: map,
  } as unknown as PlatformHostEngine
  const marks = createCleanMarks({ engine, storageKey: (account) => `base:${account}` })
  return {
    marks,
    writes,
    accounts: map,
    /** Holds storage writes until `release`, which lets them finish last first (a slow first write). */
    hold() {
      held = true
    },
    release() {
      held = false
      for (const open of gates.splice(0).reverse()) open()
    },
  }
}

const sync = (account: string, overrides: Partial<FakeSync> = {}): FakeSync => ({
  account,
  cleanToken: `token-${account}`,
  unsaved: false,
  calls: [],
  ...overrides,
})
const marker = (account: string, clean: boolean) => ({
  key: readerMarkerKey(`base:${account}`),
  value: { clientId: 'client-1', clean, token: `token-${account}` },
})
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('createCleanMarks', () => {
  test('default: going to the background saves each account, then marks it clean with its token', async () => {
    const a = sync('a')
    const b = sync('b')
    const { marks, writes } = setup([a, b])
    await marks.hide()
    expect(a.calls).toEqual(['prepareToGo', 'persistNow'])
    expect(writes).toEqual([marker('a', true), marker('b', true)])
  })

  test('behavior: no clean mark for an account with something unsaved, no clean token, or a failed save that left it unsaved', async () => {
    const unsaved = sync('unsaved', { unsaved: true })
    const tokenless = sync('tokenless', { cleanToken: undefined })
    const failed = sync('failed', { saveFails: true, unsaved: true })
    const fine = sync('fine')
    const { marks, writes } = setup([unsaved, tokenless, failed, fine])
    await marks.hide()
    expect(writes).toEqual([marker('fine', true)])
  })

  test('behavior: a change while the account saves (a message applied as the app goes) keeps it unclean', async () => {
    let marksRef: ReturnType<typeof setup>['marks'] | undefined
    const a = sync('a', { duringSave: () => marksRef?.changed('a') })
    const b = sync('b')
    const { marks, writes } = setup([a, b])
    marksRef = marks
    await marks.hide()
    expect(writes).toEqual([marker('b', true)])
  })

  test('behavior: the first change after a clean mark unmarks it once, after the mark has landed', async () => {
    const a = sync('a')
    const { marks, writes, hold, release } = setup([a])
    hold()
    const hidden = marks.hide()
    await settle()
    // The mark is still being written when the change comes: the unmark waits for it.
    marks.changed('a')
    marks.changed('a')
    await settle()
    release()
    await hidden
    await settle()
    expect(writes).toEqual([marker('a', true), marker('a', false)])
    // Not marked any more: another change writes nothing.
    marks.changed('a')
    await settle()
    expect(writes).toHaveLength(2)
  })

  test('behavior: a mark after an unmark still in flight lands after it, however slow the unmark', async () => {
    const a = sync('a')
    const { marks, writes, hold, release } = setup([a])
    hold()
    const hidden = marks.hide()
    await settle()
    marks.changed('a')
    // The mark lands; the unmark that follows it is held.
    release()
    hold()
    await hidden
    await settle()
    expect(writes).toEqual([marker('a', true)])
    // Back in the background before the unmark has landed: the new mark waits for it.
    const again = marks.hide()
    await settle()
    release()
    await again
    await settle()
    expect(writes).toEqual([marker('a', true), marker('a', false), marker('a', true)])
  })

  test('behavior: coming back unmarks every marked account; hiding twice marks once', async () => {
    const a = sync('a')
    const b = sync('b', { unsaved: true })
    const { marks, writes } = setup([a, b])
    await marks.hide()
    await marks.hide()
    expect(writes).toEqual([marker('a', true)])
    marks.show()
    await settle()
    await settle()
    expect(writes).toEqual([marker('a', true), marker('a', false)])
    // Marked again on the next trip to the background.
    await marks.hide()
    expect(writes).toEqual([marker('a', true), marker('a', false), marker('a', true)])
  })

  test('behavior: an account replaced while it saved (logged out, registered again) is not marked', async () => {
    const a = sync('a')
    const { marks, writes, accounts } = setup([a])
    a.duringSave = () => {
      accounts.set('a', { ...(accounts.get('a') as object) } as AccountSync)
    }
    await marks.hide()
    expect(writes).toEqual([])
  })

  test('error: a marker write that fails is swallowed: hiding resolves and the account counts as unclean', async () => {
    const a = sync('a')
    const { marks, writes } = setup([a], { failWrites: true })
    await expect(marks.hide()).resolves.toBeUndefined()
    marks.changed('a')
    await settle()
    expect(writes).toEqual([])
  })
})
