import { afterEach, describe, expect, test, vi } from 'vitest'
import { isPage, watchPageHide } from './pageHide.js'

/** A page's window events and document, on `globalThis` for the test. */
function stubPage(visibilityState = 'visible') {
  const target = new EventTarget()
  const document = { visibilityState }
  vi.stubGlobal('document', document)
  vi.stubGlobal('addEventListener', target.addEventListener.bind(target))
  vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target))
  return {
    document,
    fire: (type: string) => target.dispatchEvent(new Event(type)),
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('watchPageHide', () => {
  test('default: outside a page nothing is attached, and detaching is harmless', () => {
    expect(isPage()).toBe(false)
    const onHide = vi.fn()
    const detach = watchPageHide(onHide)
    expect(() => detach()).not.toThrow()
    expect(onHide).not.toHaveBeenCalled()
  })

  test('behavior: a page needs both a document and window events', () => {
    vi.stubGlobal('document', {})
    expect(isPage()).toBe(false)
    vi.unstubAllGlobals()
    vi.stubGlobal('addEventListener', () => {})
    expect(isPage()).toBe(false)
    vi.stubGlobal('document', {})
    expect(isPage()).toBe(true)
    vi.stubGlobal('document', 'not a document')
    expect(isPage()).toBe(false)
  })

  test('behavior: runs on pagehide, and on visibilitychange unless the page is visible again', () => {
    const page = stubPage()
    const onHide = vi.fn()
    const detach = watchPageHide(onHide)
    page.fire('pagehide')
    expect(onHide).toHaveBeenCalledTimes(1)
    page.fire('visibilitychange')
    expect(onHide).toHaveBeenCalledTimes(1)
    page.document.visibilityState = 'hidden'
    page.fire('visibilitychange')
    expect(onHide).toHaveBeenCalledTimes(2)
    page.fire('blur')
    expect(onHide).toHaveBeenCalledTimes(2)
    detach()
    page.fire('pagehide')
    page.fire('visibilitychange')
    expect(onHide).toHaveBeenCalledTimes(2)
  })
})
