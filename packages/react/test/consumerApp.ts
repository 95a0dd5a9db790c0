/**
 * A React app outside the workspace that takes chatsync the way an app does: `pnpm pack` tarballs of
 * `@chatsync/core` and `@chatsync/react`, installed with npm from those tarballs and the npm registry,
 * built with Vite. No workspace links, no path aliases. Used by the packaging test and `pnpm bench:size`.
 *
 * The app already uses `@walletconnect/sign-client` and `@tanstack/react-query`. Its entries, each in an
 * install of its own (what else is installed changes where npm puts shared dependencies, and so what a
 * bundle holds):
 * - `baseline`: the app without chatsync (a sign client, a query, a React tree);
 * - `chatsync`: the same app with `<ChatSyncProvider>` and every hook;
 * - `syncClient`: the same app with `@walletconnect/sync-client` doing the same job.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { npmEnv, type RunResult, run, type Tarballs } from '@chatsync/test/pack'
import { type BuildOutput, readBuild } from './readBuild.js'

export { packChatSync, type RunResult, run, type Tarballs } from '@chatsync/test/pack'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** The workspace's versions (catalog and root devDependencies), so the app runs what the packages are tested with. */
function workspaceVersions(): Record<string, string> {
  const versions: Record<string, string> = {}
  const catalog = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8').split(/^catalog:\s*$/m)[1] ?? ''
  for (const line of catalog.split('\n')) {
    const match = /^ {2}"?([^":\s]+)"?:\s*(\S+)\s*$/.exec(line)
    if (match?.[1] && match[2]) versions[match[1]] = match[2]
    else if (/^\S/.test(line)) break
  }
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  for (const [name, version] of Object.entries<string>(rootManifest.devDependencies)) {
    if (!version.startsWith('catalog:')) versions[name] ??= version
  }
  return versions
}

function version(name: string): string {
  const found = workspaceVersions()[name]
  if (!found) throw new Error(`no workspace version of ${name}`)
  return found
}

/** The part of the app every entry shares: a sign client, a query client and a query, mounted once. */
const appTsx = `import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { SignClient } from '@walletconnect/sign-client'
import type { ReactNode } from 'react'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

export type AppSignClient = Awaited<ReturnType<typeof SignClient.init>>

function Sessions({ signClient }: { signClient: AppSignClient }) {
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => signClient.session.getAll() })
  return <p>{sessions.data?.length ?? 0} sessions</p>
}

/** Starts the sign client, then renders the app with \`children\` for its first session. */
export async function mountApp(children: (signClient: AppSignClient, session: string) => ReactNode) {
  const signClient = await SignClient.init({ projectId: 'consumer-app' })
  const session = signClient.session.getAll()[0]?.topic ?? ''
  const queryClient = new QueryClient()
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <Sessions signClient={signClient} />
        {children(signClient, session)}
      </QueryClientProvider>
    </StrictMode>,
  )
}
`

const baselineTsx = `import { mountApp } from './app.tsx'

void mountApp(() => null)
`

/**
 * The provider and every hook, written the wagmi way as the README shows them (a config made once outside
 * React, the app's own \`QueryClientProvider\` from \`mountApp\`, the hooks); type-checked under \`strict\`.
 */
const chatsyncTsx = `import type { Thread } from '@chatsync/core'
import {
  ChatSyncProvider,
  createChatSyncConfig,
  useChatSync,
  useInviteKeys,
  useReceivedInviteStatuses,
  useSentInvites,
  useThread,
  useThreads,
} from '@chatsync/react'
import { useIsMutating } from '@tanstack/react-query'
import { mountApp } from './app.tsx'

function Row({ topic }: { topic: string }) {
  const { data: thread, isSynced, remove } = useThread({ topic })
  return (
    <li>
      {thread?.peerAccount}
      {isSynced ? '' : ' (sending…)'}
      <button onClick={() => remove.mutate()}>Leave</button>
    </li>
  )
}

function Chat() {
  const sync = useChatSync()
  const threads = useThreads()
  const count = useThreads({ select: (list) => list.length })
  const sentInvites = useSentInvites()
  const inviteKeys = useInviteKeys()
  const statuses = useReceivedInviteStatuses()
  const mutating = useIsMutating({ mutationKey: ['chatsync'] })
  if (sync.status === 'rejected') return <button onClick={() => sync.enable()}>Enable sync</button>
  if (sync.status === 'error' && sync.error.name === 'SignatureMismatchError') return <p>{sync.error.reason}</p>
  const first: Thread | undefined = threads.data?.[0]
  return (
    <div>
      <p id="chatsync-status">{\`\${sync.status} \${threads.status} \${sync.connection}\`}</p>
      <ul>
        {threads.data?.map((thread) => <Row key={thread.topic} topic={thread.topic} />)}
      </ul>
      <p>
        {count.data ?? 0} threads, {sentInvites.data?.length ?? 0} invites, {inviteKeys.data?.length ?? 0} keys,{' '}
        {statuses.data?.length ?? 0} statuses, {mutating} writing, {threads.unsyncedKeys.size} sending
      </p>
      {first && <button onClick={() => threads.set.mutate({ ...first, peerAccount: first.peerAccount })}>Touch</button>}
      {threads.set.error && <p>{threads.set.error.name}</p>}
    </div>
  )
}

void mountApp((signClient, session) => {
  const config = createChatSyncConfig({ signClient, retention: { ttlSeconds: 2_592_000 } })
  return (
    <ChatSyncProvider config={config} account="eip155:1:0x0000000000000000000000000000000000000001" sessionTopic={session}>
      <Chat />
    </ChatSyncProvider>
  )
})
`

/**
 * A chat app on `@chatsync/chat` and its hooks: one config, the provider, every hook; type-checked under
 * `strict` (not an entry of the size measure).
 */
const chatTsx = `import { createChatConfig, type ChatThread, type SendInviteErrorType } from '@chatsync/chat'
import {
  useChat,
  useChatThread,
  useChatThreads,
  useReceivedInvites,
  useRotateInviteKey,
  useSendInvite,
} from '@chatsync/chat/react'
import { ChatSyncProvider } from '@chatsync/react'
import type { AppSignClient } from './app.tsx'

const topicsOf = (threads: readonly ChatThread[]) => threads.map((thread) => thread.topic)

function Thread({ topic }: { topic: string }) {
  const { data: thread, sendMessage, leave } = useChatThread({ topic })
  return (
    <section>
      {thread?.messages.map((message) => <p key={message.id}>{message.message}</p>)}
      <button onClick={() => sendMessage.mutate({ message: 'hi' })}>Send</button>
      <button onClick={() => leave.mutate()}>Leave</button>
      {sendMessage.error?.name === 'MessageTooLongError' ? <p>{sendMessage.error.limit}</p> : null}
    </section>
  )
}

function Chat() {
  const chat = useChat()
  const threads = useChatThreads({ select: topicsOf })
  const invites = useReceivedInvites()
  const sendInvite = useSendInvite()
  const rotate = useRotateInviteKey()
  const error: SendInviteErrorType | null = sendInvite.error
  return (
    <div>
      <p>{chat.status} {chat.inviteKey ?? 'no key'}</p>
      {(threads.data ?? []).map((topic) => <Thread key={topic} topic={topic} />)}
      {(invites.data ?? []).map((invite) => (
        <button key={invite.id} disabled={invite.isAnswering} onClick={() => invites.accept.mutate({ id: invite.id })}>
          {invite.inviterAccount}
        </button>
      ))}
      <button onClick={() => sendInvite.mutate({ inviteeAccount: '0x0000000000000000000000000000000000000002', message: 'hi' })}>
        Invite
      </button>
      <button onClick={() => rotate.mutate()}>Rotate</button>
      {error ? <p>{error.shortMessage}</p> : null}
    </div>
  )
}

export function chatApp(signClient: AppSignClient, sessionTopic: string) {
  const config = createChatConfig({ signClient, keysServerUrl: 'https://keys.example' })
  return (
    <ChatSyncProvider config={config} account="eip155:1:0x0000000000000000000000000000000000000001" sessionTopic={sessionTopic}>
      <Chat />
    </ChatSyncProvider>
  )
}
`

/** sync-client doing the same job: register with the session's signature, the four stores, the threads shown. */
const syncClientTsx = `import { SyncClient } from '@walletconnect/sync-client'
import { useEffect, useState } from 'react'
import { type AppSignClient, mountApp } from './app.tsx'

const account = 'eip155:1:0x0000000000000000000000000000000000000001'
const stores = ['sentInvites', 'threads', 'inviteKeys', 'receivedInviteStatuses'].map(
  (id) => \`com.walletconnect.chat.\${id}\`,
)

function Chat({ signClient, session }: { signClient: AppSignClient; session: string }) {
  const [threads, setThreads] = useState<Record<string, string>>({})
  useEffect(() => {
    let client: SyncClient | undefined
    void (async () => {
      client = await SyncClient.init({ core: signClient.core, projectId: 'consumer-app' })
      const message = await client.getMessage({ account })
      const signature = await signClient.request<string>({
        topic: session,
        chainId: 'eip155:1',
        request: { method: 'personal_sign', params: [message, account.split(':')[2]] },
      })
      await client.register({ account, signature })
      for (const store of stores) await client.create({ account, store })
      const refresh = async () => {
        const map = await client?.getStores({ account })
        setThreads({ ...(map?.['com.walletconnect.chat.threads']?.value ?? {}) })
      }
      client.on('sync_update', () => void refresh())
      await refresh()
    })()
  }, [signClient, session])
  return (
    <ul>
      {Object.entries(threads).map(([topic, value]) => (
        <li key={topic}>{value}</li>
      ))}
    </ul>
  )
}

void mountApp((signClient, session) => <Chat signClient={signClient} session={session} />)
`

/** Types the packages must carry: were any of them \`any\`, a directive would go unused, a type error. */
const typesTs = `import type { Thread } from '@chatsync/core'
import type { ChatSyncProviderProps, UseChatSyncReturnType, UseThreadsReturnType } from '@chatsync/react'

// @ts-expect-error: a thread has a topic
export const noTopic: Thread = { selfAccount: 'a', peerAccount: 'b', symKey: 'c' }
// @ts-expect-error: the provider needs a client, a sign client or a core
export const noClient: ChatSyncProviderProps = { account: 'eip155:1:0x1' }
// @ts-expect-error: the status is one of the session's states
export const unknownStatus: UseChatSyncReturnType['status'] = 'nope'
// @ts-expect-error: the data is read-only
export const writeData = (threads: UseThreadsReturnType) => threads.data?.push()
// @ts-expect-error: the data may be undefined until there is some
export const firstThread = (threads: UseThreadsReturnType): Thread => threads.data[0]
`

const viteConfig = `import { writeFileSync } from 'node:fs'
import { defineConfig } from 'vite'

// What the size measure needs of each chunk: how chunks import each other (statically: loaded at start
// with their importer; dynamically: loaded on first use), and the JSON modules in it (the bundler maps
// no bytes of a JSON module to it: listed, to count them for their package).
const chunkGraph = {
  name: 'chunk-graph',
  writeBundle(options, bundle) {
    const chunks = Object.values(bundle)
      .filter((chunk) => chunk.type === 'chunk')
      .map((chunk) => ({
        fileName: chunk.fileName,
        isEntry: chunk.isEntry,
        imports: chunk.imports,
        dynamicImports: chunk.dynamicImports,
        json: Object.keys(chunk.modules).filter((id) => id.endsWith('.json')),
      }))
    writeFileSync(\`\${options.dir}/chunks.json\`, JSON.stringify(chunks))
  },
}

export default defineConfig({
  plugins: [chunkGraph],
  build: {
    outDir: \`dist/\${process.env.ENTRY}\`,
    sourcemap: true,
    reportCompressedSize: false,
    rolldownOptions: { input: \`\${process.env.ENTRY}.html\` },
  },
})
`

const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    module: 'ESNext',
    moduleResolution: 'bundler',
    jsx: 'react-jsx',
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['src'],
}

const html = (entry: string) =>
  `<!doctype html>\n<html><body><div id="root"></div><script type="module" src="/src/${entry}.tsx"></script></body></html>\n`

/** Node loads both packages both ways: `require` (CommonJS) and `import` (ESM). Prints what it saw. */
const nodeCheck = (kind: 'require' | 'import') => `${
  kind === 'require'
    ? "const core = require('@chatsync/core')\nconst internal = require('@chatsync/core/internal')\nconst react = require('@chatsync/react')\nconst chat = require('@chatsync/chat')\nconst chatReact = require('@chatsync/chat/react')"
    : "import * as core from '@chatsync/core'\nimport * as internal from '@chatsync/core/internal'\nimport * as react from '@chatsync/react'\nimport * as chat from '@chatsync/chat'\nimport * as chatReact from '@chatsync/chat/react'"
}
const signature =
  '0xee6567bf0763ce704d4cc3ec919cb74bbb484222e19ad72f51072fbdc2af7add063c00ac334a510c51fd25daf14f87337c23a81d45ac4f1dde469a0d8dc5724b1b'
const keys = await internal.deriveStoreKeys({ signature, stores: ['my-user-profile'] })
const thread = core.parseStoreValue('threads', { topic: 't', selfAccount: 'a', peerAccount: 'b', symKey: 1 })
console.log(JSON.stringify({
  core: Object.keys(core).filter((key) => key !== 'default').sort(),
  internal: Object.keys(internal).filter((key) => key !== 'default').sort(),
  // One BaseError class for both entries (their chunks are shared), so instanceof holds across them.
  sharedErrors: new internal.InvalidStoreUpdateError({ problem: 'x' }) instanceof core.BaseError,
  react: Object.keys(react).filter((key) => key !== 'default').sort(),
  chat: Object.keys(chat).filter((key) => key !== 'default').sort(),
  chatReact: Object.keys(chatReact).filter((key) => key !== 'default').sort(),
  // One BaseError class for the chat's errors and core's.
  chatErrors: new chat.EmptyMessageError() instanceof core.BaseError,
  symKey: keys['my-user-profile'].symKey,
  invalidThread: thread.ok ? 'accepted' : thread.error.message,
}))
`

export type ConsumerEntry = 'baseline' | 'chatsync' | 'syncClient'

export type ConsumerApp = {
  dir: string
  /** npm install's wall time, ms. */
  installMs: number
  /** `tsc --noEmit` over the app's sources (strict). */
  typecheck(): Promise<RunResult>
  /** `vite build` of one entry: the one the app was made `with` (default), or `baseline`. */
  build(entry?: ConsumerEntry): Promise<BuildOutput>
  /** `node` on one of the app's files (`require.cjs` or `import.mjs`). */
  node(file: 'require.cjs' | 'import.mjs'): Promise<RunResult>
}

/**
 * Writes the app into `dir` (a fresh directory outside the workspace) and installs it with npm, with the
 * one entry `with` names: `chatsync` installs the tarballs, `syncClient` `@walletconnect/sync-client`.
 */
export async function createConsumerApp(
  dir: string,
  options: { with: 'chatsync'; tarballs: Tarballs } | { with: 'syncClient' | 'baseline' },
): Promise<ConsumerApp> {
  mkdirSync(join(dir, 'src'), { recursive: true })
  const wc = version('@walletconnect/sign-client')
  const dependencies: Record<string, string> = {
    '@tanstack/react-query': version('@tanstack/react-query'),
    '@walletconnect/sign-client': wc,
    react: version('react'),
    'react-dom': version('react-dom'),
  }
  if (options.with === 'chatsync') {
    dependencies['@chatsync/core'] = `file:${options.tarballs.core}`
    dependencies['@chatsync/react'] = `file:${options.tarballs.react}`
    dependencies['@chatsync/chat'] = `file:${options.tarballs.chat}`
  } else if (options.with === 'syncClient') {
    dependencies['@walletconnect/sync-client'] = version('@walletconnect/sync-client')
  }
  const manifest = {
    name: 'chatsync-consumer-app',
    private: true,
    type: 'module',
    dependencies,
    devDependencies: {
      '@types/react': version('@types/react'),
      '@types/react-dom': version('@types/react-dom'),
      typescript: version('typescript'),
      vite: version('vite'),
    },
    // An app on WalletConnect 2.25: sync-client's `^2.8.0` ranges take the app's copy.
    overrides: { '@walletconnect/core': wc, '@walletconnect/utils': wc, '@walletconnect/types': wc },
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`)
  writeFileSync(join(dir, 'vite.config.js'), viteConfig)
  writeFileSync(join(dir, 'src/app.tsx'), appTsx)
  const sources = { baseline: baselineTsx, chatsync: chatsyncTsx, syncClient: syncClientTsx }
  for (const entry of new Set<ConsumerEntry>(['baseline', options.with])) {
    writeFileSync(join(dir, 'src', `${entry}.tsx`), sources[entry])
    writeFileSync(join(dir, `${entry}.html`), html(entry))
  }
  if (options.with === 'chatsync') {
    writeFileSync(join(dir, 'src/types.ts'), typesTs)
    writeFileSync(join(dir, 'src/chat.tsx'), chatTsx)
    writeFileSync(join(dir, 'require.cjs'), `;(async () => {\n${nodeCheck('require')}\n})()\n`)
    writeFileSync(join(dir, 'import.mjs'), nodeCheck('import'))
  }

  // npm's cache makes repeated installs local; install scripts are not needed by any entry.
  const install = await run(
    'npm',
    ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: dir, env: npmEnv() },
  )
  const bin = (name: string) => join(dir, 'node_modules/.bin', name)
  return {
    dir,
    installMs: install.ms,
    typecheck: () => run(bin('tsc'), ['--noEmit', '-p', '.'], { cwd: dir }),
    build: async (entry = options.with) => {
      const result = await run(bin('vite'), ['build', '--logLevel', 'error'], {
        cwd: dir,
        env: { ...process.env, ENTRY: entry, NODE_ENV: 'production' },
      })
      return { ...readBuild(join(dir, 'dist', entry)), ms: result.ms }
    },
    node: (file) => run(process.execPath, [file], { cwd: dir }),
  }
}
