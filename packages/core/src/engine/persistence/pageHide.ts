/**
 * Runs `onHide` synchronously when the page is hidden or left (`pagehide`, `visibilitychange` to hidden:
 * a mobile browser may end a hidden page without a pagehide). Returns the detach; outside a page nothing
 * is attached.
 */
export function watchPageHide(onHide: () => void): () => void {
  const page = globalThis as { document?: { visibilityState?: string }; addEventListener?: unknown }
  if (!isPage()) return () => {}
  const listener = (event: { type: string }) => {
    if (event.type === 'visibilitychange' && page.document?.visibilityState === 'visible') return
    onHide()
  }
  const types = ['pagehide', 'visibilitychange']
  for (const type of types) globalThis.addEventListener(type, listener)
  return () => {
    for (const type of types) globalThis.removeEventListener(type, listener)
  }
}

/** Whether this runs in a page (a document and window events), where tabs and unloading exist. */
export function isPage(): boolean {
  const page = globalThis as { document?: unknown; addEventListener?: unknown }
  return typeof page.document === 'object' && typeof page.addEventListener === 'function'
}
