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
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { npmEnv, type RunResult, run, type Tarballs } from '@chatsync/test/pack'

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

/** The provider and every hook, written as the README shows them; type-checked under \`strict\`. */
const chatsyncTsx = `import type { Thread } from '@chatsync/core'
import {
  ChatSyncProvider,
  useChatSync,
  useInviteKeys,
  useReceivedInviteStatuses,
  useSentInvites,
  useThreads,
} from '@chatsync/react'
import { mountApp } from './app.tsx'

function Chat() {
  const sync = useChatSync()
  const threads = useThreads()
  const sentInvites = useSentInvites()
  const inviteKeys = useInviteKeys()
  const statuses = useReceivedInviteStatuses()
  if (sync.status === 'rejected') return <button onClick={() => sync.enable()}>Enable sync</button>
  const first: Thread | undefined = threads.data[0]
  return (
    <div>
      <p>{sync.status}</p>
      <ul>
        {threads.data.map((thread) => (
          <li key={thread.topic}>
            {thread.peerAccount}
            <button onClick={() => threads.remove.mutate(thread.topic)}>Leave</button>
          </li>
        ))}
      </ul>
      <p>
        {sentInvites.data.length} invites, {inviteKeys.data.length} keys, {statuses.data.length} statuses
      </p>
      {first && <button onClick={() => threads.set.mutate({ ...first, peerAccount: first.peerAccount })}>Touch</button>}
      {threads.set.error && <p>{threads.set.error.name}</p>}
    </div>
  )
}

void mountApp((signClient, session) => (
  <ChatSyncProvider signClient={signClient} account="eip155:1:0x0000000000000000000000000000000000000001" session={session}>
    <Chat />
  </ChatSyncProvider>
))
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
export const writeData = (threads: UseThreadsReturnType) => threads.data.push()
`

const viteConfig = `import { writeFileSync } from 'node:fs'
import { defineConfig } from 'vite'

// The bundler maps no bytes of a JSON module to it: list the ones bundled, to count them for their package.
const jsonModules = {
  name: 'json-modules',
  writeBundle(options, bundle) {
    const ids = Object.values(bundle).flatMap((chunk) =>
      chunk.type === 'chunk' ? Object.keys(chunk.modules).filter((id) => id.endsWith('.json')) : [],
    )
    writeFileSync(\`\${options.dir}/json-modules.json\`, JSON.stringify(ids))
  },
}

export default defineConfig({
  plugins: [jsonModules],
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
    ? "const core = require('@chatsync/core')\nconst internal = require('@chatsync/core/internal')\nconst react = require('@chatsync/react')"
    : "import * as core from '@chatsync/core'\nimport * as internal from '@chatsync/core/internal'\nimport * as react from '@chatsync/react'"
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

export type PackageShare = {
  /** `name@version` as installed, `(app)` for the app's own code, else `UNMAPPED`. */
  id: string
  /** Minified bytes of the package's code in the output. */
  bytes: number
  /** How many installed copies of `name@version` (npm nests one where another version holds the top) the code came from. */
  copies: number
}

export type BuildOutput = {
  ms: number
  /** Minified JavaScript bytes over every chunk. */
  min: number
  /** Sum of each chunk gzipped (level 9), as a server sends them. */
  gzip: number
  /** Minified bytes by package, from the source maps, largest first. */
  packages: PackageShare[]
  /** Every file the source maps name, as absolute paths. */
  sources: string[]
  /** The code of each package, gzipped alone: its size when it is what an app adds. */
  gzipAlone(id: string): number
}

/** Code the source maps give no source for: the bundler's runtime and helpers. */
export const UNMAPPED = '(bundler runtime, unmapped)'

const packageIds = new Map<string, string>()

/** The installed package a source file belongs to: `name@version` and its directory. */
function packageOf(source: string, appDir: string): { id: string; dir: string } {
  const at = source.lastIndexOf('/node_modules/')
  if (at === -1) return { id: source.startsWith(`${appDir}/src/`) ? '(app)' : UNMAPPED, dir: '' }
  const rest = source.slice(at + '/node_modules/'.length).split('/')
  const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? '')
  const dir = `${source.slice(0, at)}/node_modules/${name}`
  let id = packageIds.get(dir)
  if (id === undefined) {
    const manifest = join(dir, 'package.json')
    id = existsSync(manifest) ? `${name}@${JSON.parse(readFileSync(manifest, 'utf8')).version}` : name
    packageIds.set(dir, id)
  }
  return { id, dir }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** The [generated column, source index] pairs of each generated line of a source map (VLQ decoded). */
function decodeMappings(mappings: string): [number, number][][] {
  const lines: [number, number][][] = []
  let source = 0
  for (const line of mappings.split(';')) {
    const segments: [number, number][] = []
    let column = 0
    for (const segment of line.split(',')) {
      if (segment === '') continue
      const fields: number[] = []
      let value = 0
      let shift = 0
      for (const char of segment) {
        const digit = BASE64.indexOf(char)
        value += (digit & 31) << shift
        if (digit & 32) shift += 5
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1)
          value = 0
          shift = 0
        }
      }
      column += fields[0] ?? 0
      if (fields.length >= 4) {
        source += fields[1] ?? 0
        segments.push([column, source])
      } else segments.push([column, -1])
    }
    lines.push(segments)
  }
  return lines
}

/** Sizes of a Vite build's JavaScript, and each byte attributed to its package through the source maps. */
function readBuild(outDir: string): Omit<BuildOutput, 'ms'> {
  const appDir = resolve(outDir, '../..')
  const assets = join(outDir, 'assets')
  const chunks = readdirSync(assets).filter((file) => file.endsWith('.js'))
  const code = new Map<string, string[]>()
  const dirs = new Map<string, Set<string>>()
  const sources: string[] = []
  let min = 0
  let gzip = 0
  for (const chunk of chunks) {
    const text = readFileSync(join(assets, chunk), 'utf8')
    min += Buffer.byteLength(text)
    gzip += gzipSync(text, { level: 9 }).byteLength
    const map = JSON.parse(readFileSync(join(assets, `${chunk}.map`), 'utf8')) as {
      sources: string[]
      sourceRoot?: string
      mappings: string
    }
    const owners = map.sources.map((source) => {
      if (source.includes('\0') || /^[a-z]+:/.test(source)) return UNMAPPED
      const path = resolve(assets, map.sourceRoot ?? '', source)
      sources.push(path)
      const { id, dir } = packageOf(path, appDir)
      dirs.set(id, (dirs.get(id) ?? new Set()).add(dir))
      return id
    })
    // A line without mappings continues a multi-line string of the code before it (zod's templates).
    let owner = UNMAPPED
    const mappings = decodeMappings(map.mappings)
    const lines = text.split('\n')
    lines.forEach((text, lineIndex) => {
      const segments = mappings[lineIndex] ?? []
      const line = lineIndex < lines.length - 1 ? `${text}\n` : text
      let start = 0
      const take = (end: number) => {
        if (end <= start) return
        const list = code.get(owner) ?? []
        list.push(line.slice(start, end))
        code.set(owner, list)
        start = end
      }
      for (const [column, source] of segments) {
        take(column)
        owner = source >= 0 ? (owners[source] ?? UNMAPPED) : UNMAPPED
      }
      take(line.length)
    })
  }
  // JSON modules have no mappings: their code sits in the unmapped bytes. Move its size there (the
  // bundler inlines the data as compact JSON text) to its package.
  const unmapped = (code.get(UNMAPPED) ?? []).reduce((sum, slice) => sum + Buffer.byteLength(slice), 0)
  let unmappedMoved = 0
  for (const source of JSON.parse(readFileSync(join(outDir, 'json-modules.json'), 'utf8')) as string[]) {
    const { id, dir } = packageOf(source, appDir)
    const data = JSON.stringify(JSON.parse(readFileSync(source, 'utf8')))
    code.set(id, [...(code.get(id) ?? []), data])
    unmappedMoved += Buffer.byteLength(data)
    dirs.set(id, (dirs.get(id) ?? new Set()).add(dir))
  }
  const packages = [...code]
    .map(([id, slices]) => ({
      id,
      bytes:
        slices.reduce((sum, slice) => sum + Buffer.byteLength(slice), 0) -
        (id === UNMAPPED ? Math.min(unmapped, unmappedMoved) : 0),
      copies: dirs.get(id)?.size ?? 1,
    }))
    .sort((a, b) => b.bytes - a.bytes)
  return {
    min,
    gzip,
    packages,
    sources,
    gzipAlone: (id) => (code.has(id) ? gzipSync((code.get(id) ?? []).join(''), { level: 9 }).byteLength : 0),
  }
}
