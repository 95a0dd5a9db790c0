import { fileURLToPath } from 'node:url'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

/** Workspace packages resolve to their sources in tests, so no build is needed first (exact names only). */
export const workspaceAlias = [
  { find: /^@chatsync\/core$/, replacement: here('./packages/core/src/index.ts') },
  { find: /^@chatsync\/core\/internal$/, replacement: here('./packages/core/src/internal.ts') },
  { find: /^@chatsync\/react$/, replacement: here('./packages/react/src/index.ts') },
  { find: /^@chatsync\/dev-relay$/, replacement: here('./packages/dev-relay/src/index.ts') },
  { find: /^@chatsync\/test$/, replacement: here('./packages/test/src/index.ts') },
]
