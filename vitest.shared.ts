import { fileURLToPath } from 'node:url'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

/** Workspace packages resolve to their sources in tests, so no build is needed first. */
export const workspaceAlias = {
  '@chatsync/core': here('./packages/core/src/index.ts'),
  '@chatsync/react': here('./packages/react/src/index.ts'),
  '@chatsync/dev-relay': here('./packages/dev-relay/src/index.ts'),
}
