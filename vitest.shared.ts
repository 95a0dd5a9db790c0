import { fileURLToPath } from 'node:url'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

/** Workspace packages resolve to their sources in tests, so no build is needed first (exact names only). */
export const workspaceAlias = [
  { find: /^@chatsync\/core$/, replacement: here('./packages/core/src/index.ts') },
  { find: /^@chatsync\/core\/internal$/, replacement: here('./packages/core/src/internal.ts') },
  { find: /^@chatsync\/chat$/, replacement: here('./packages/chat/src/index.ts') },
  { find: /^@chatsync\/chat\/react$/, replacement: here('./packages/chat/src/react/index.ts') },
  { find: /^@chatsync\/react$/, replacement: here('./packages/react/src/index.ts') },
  { find: /^@chatsync\/react-devtools$/, replacement: here('./packages/devtools/src/index.tsx') },
  {
    find: /^@chatsync\/react-devtools\/production$/,
    replacement: here('./packages/devtools/src/production.ts'),
  },
  { find: /^@chatsync\/dev-relay$/, replacement: here('./packages/dev-relay/src/index.ts') },
  { find: /^@chatsync\/test$/, replacement: here('./packages/test/src/index.ts') },
  { find: /^@chatsync\/test\/node$/, replacement: here('./packages/test/src/node/index.ts') },
  {
    find: /^@chatsync\/test\/react-native$/,
    replacement: here('./packages/test/src/reactNative/index.ts'),
  },
  { find: /^@chatsync\/test\/pack$/, replacement: here('./packages/test/src/node/packChatSync.ts') },
  { find: /^@chatsync\/test\/exportList$/, replacement: here('./packages/test/src/node/exportList.ts') },
]

/**
 * A vitest `globalSetup` that starts one dev relay for the project's test files, on a free port of
 * 127.0.0.1 (read its URL with `sharedRelayUrl()` from `@chatsync/test/node`).
 */
export const sharedRelaySetup = here('./packages/test/src/node/globalSetup.ts')
