import { inject } from 'vitest'
import './providedContext.js'

/** The URL of the dev relay that the project's globalSetup started (see `globalSetup.ts`). */
export function sharedRelayUrl(): string {
  const url = inject('relayUrl')
  if (!url) throw new Error("No shared relay: add the test kit's globalSetup to this vitest project.")
  return url
}
