import { JSDOM } from 'jsdom'

// React DOM decides whether it can use the DOM when it loads: give it jsdom's window and document first.
const dom = new JSDOM('<!doctype html><div id="root"></div>')
Object.assign(globalThis, {
  window: dom.window,
  document: dom.window.document,
  navigator: dom.window.navigator,
})
