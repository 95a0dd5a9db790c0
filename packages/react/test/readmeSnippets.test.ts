// @vitest-environment node
import { readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { expect, test } from 'vitest'

/*
 * The TypeScript in the READMEs is what users copy: every ```ts and ```tsx block must compile against the
 * current sources, with the free names a reader brings (their sign client, account, …) declared below.
 */

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '../../..')
const readmes = [
  'README.md',
  'packages/core/README.md',
  'packages/react/README.md',
  'packages/devtools/README.md',
  'packages/dev-relay/README.md',
  'packages/chat/README.md',
]

/** What a reader's app has in scope; the snippets leave these out. */
const readerScope = `
declare const signClient: Awaited<ReturnType<typeof import('@walletconnect/sign-client').SignClient.init>>
declare const sessionTopic: string
declare const account: string
declare const privateKey: \`0x\${string}\`
declare const wallet: { signMessage(parameters: { message: string }): Promise<string> }
declare const topic: string
declare const peerAccount: string
declare const symKey: string
declare function App(): import('react').ReactNode
declare function Threads(): import('react').ReactNode
declare const core: import('@chatsync/core').ChatSyncCore
declare module 'react-native-mmkv' {
  export function createMMKV(options?: { id?: string }): {
    getString(key: string): string | undefined
    set(key: string, value: string): void
    remove(key: string): boolean
  }
}
declare module 'react-native-quick-crypto' {
  const QuickCrypto: import('@chatsync/core').NativeCrypto
  export default QuickCrypto
}
declare const threadTopic: string
declare const inviteTopic: string
declare const invitePrivateKey: string
declare function handle(topic: string, text: string, publishedAt: number | undefined): void
`

function snippetsOf(markdown: string) {
  return [...markdown.matchAll(/^```(ts|tsx)\n([\s\S]*?)^```/gm)].map((match) => match[2] ?? '')
}

function compilerOptions() {
  const configPath = join(here, '../tsconfig.json')
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath))
  return {
    ...options,
    noEmit: true,
    // Snippets are modules of their own; unused names in them are fine.
    noUnusedLocals: false,
    paths: {
      '@chatsync/core': [join(root, 'packages/core/src/index.ts')],
      '@chatsync/chat': [join(root, 'packages/chat/src/index.ts')],
      '@chatsync/chat/react': [join(root, 'packages/chat/src/react/index.ts')],
      '@chatsync/react': [join(root, 'packages/react/src/index.ts')],
      '@chatsync/react-devtools': [join(root, 'packages/devtools/src/index.tsx')],
      '@chatsync/react-devtools/production': [join(root, 'packages/devtools/src/production.ts')],
      '@chatsync/dev-relay': [join(root, 'packages/dev-relay/src/index.ts')],
    },
  }
}

test('docs: the TypeScript blocks of the READMEs compile', () => {
  const virtual = new Map<string, string>()
  virtual.set(join(here, 'readme-snippets/readerScope.d.ts'), readerScope)
  for (const readme of readmes) {
    const blocks = snippetsOf(readFileSync(join(root, readme), 'utf8'))
    expect(blocks.length, readme).toBeGreaterThan(0)
    blocks.forEach((code, index) => {
      // Each block is a module, as in the reader's file.
      virtual.set(
        join(here, `readme-snippets/${readme.replaceAll('/', '_')}-${index + 1}.tsx`),
        `${code}\nexport {}\n`,
      )
    })
  }
  const options = compilerOptions()
  const host = ts.createCompilerHost(options)
  const { getSourceFile, fileExists, readFile } = host
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file)
  host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file)
  host.getSourceFile = (file, language, onError, shouldCreate) => {
    const text = virtual.get(file)
    return text === undefined
      ? getSourceFile.call(host, file, language, onError, shouldCreate)
      : ts.createSourceFile(file, text, language, true)
  }
  const program = ts.createProgram([...virtual.keys()], options, host)
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file && virtual.has(diagnostic.file.fileName))
    .map((diagnostic) => {
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
      const where = `${relative(here, diagnostic.file!.fileName)}:${line + 1}`
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`
    })
  expect(problems).toEqual([])
}, 60_000)
