import { startDevRelay } from '@chatsync/dev-relay'
import type { TestProject } from 'vitest/node'
import './providedContext.js'

/**
 * A vitest `globalSetup` (see `vitest.shared.ts`): one dev relay on a free port of 127.0.0.1 for every
 * test file of the project, its URL provided as `relayUrl` (read it with `sharedRelayUrl()`), closed once
 * the project's tests are done. For tests that just need a relay: ones that stop or restart their relay,
 * or need other limits, start their own.
 */
export default async function startSharedRelay(project: TestProject) {
  const relay = await startDevRelay({ host: '127.0.0.1', port: 0 })
  project.provide('relayUrl', relay.url)
  return () => relay.close()
}
