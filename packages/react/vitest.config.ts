import { defineProject } from 'vitest/config'
import { sharedRelaySetup, workspaceAlias } from '../../vitest.shared'

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: {
    name: 'react',
    // One dev relay for the test files that just need a relay (`sharedRelayUrl()`).
    globalSetup: [sharedRelaySetup],
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.{ts,tsx}'] },
    testTimeout: 30_000,
  },
})
