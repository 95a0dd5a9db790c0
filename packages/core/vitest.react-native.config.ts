import { fileURLToPath } from 'node:url'
import { defineProject } from 'vitest/config'
import { sharedRelaySetup, workspaceAlias } from '../../vitest.shared'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * The engine as a React Native app runs it, under Node: the `react-native` condition picks the React
 * Native modules (`#platform-host` with AppState, the portable crypto primitives, the global WebSocket),
 * `react-native` itself is the test kit's AppState, and the globals are React Native's (no document,
 * window, localStorage, indexedDB or BroadcastChannel). The engine's integration tests run here once
 * more on the dev relay, beside the AppState tests and the core's platform-free tests on Hermes.
 */
export default defineProject({
  resolve: {
    alias: [
      ...workspaceAlias,
      { find: /^react-native$/, replacement: here('../test/src/reactNative/appState.ts') },
    ],
  },
  ssr: { resolve: { conditions: ['react-native', 'node', 'development|production'] } },
  test: {
    name: 'core-react-native',
    globalSetup: [sharedRelaySetup],
    environment: 'node',
    setupFiles: ['test/react-native/reactNativeGlobals.ts'],
    include: [
      'test/react-native/**/*.test.ts',
      // Register, catch-up, write-through, restarts, the rebuild, the keep-alive, transport and offline.
      'test/sync.test.ts',
      'test/persistence.test.ts',
      'test/rebuild.test.ts',
      'test/retention.test.ts',
      'test/offline.test.ts',
      'test/transport.test.ts',
    ],
  },
})
