/**
 * chatsync as an app takes it: `pnpm pack` tarballs of the built `@chatsync/core` and `@chatsync/react`,
 * and the commands that install and build apps outside the workspace (the packaging test, `pnpm
 * bench:size`, the React Native example's export test). Node built-ins only: it also runs under tsx.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')
const packageDirs = {
  core: join(root, 'packages/core'),
  react: join(root, 'packages/react'),
  chat: join(root, 'packages/chat'),
}

/**
 * npm run from a pnpm script inherits pnpm's `npm_*` variables (some unknown to npm); keep only the ones
 * that say where the registry and cache are.
 */
export function npmEnv(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(registry|cache|proxy|https_proxy|noproxy|cafile|strict_ssl)$/i
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || keep.test(key)),
  )
}

export type RunResult = { stdout: string; stderr: string; ms: number }

/** Runs a command; rejects with its output when it exits non-zero. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<RunResult> {
  const started = performance.now()
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolvePromise({ stdout, stderr, ms: performance.now() - started })
      else {
        const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n')
        reject(new Error(`${command} ${args.join(' ')} exited with ${code} in ${options.cwd}:\n${output}`))
      }
    })
  })
}

/** The newest change to a source file under `path` (tests are not built). */
function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return /\.test(-d)?\.tsx?$/.test(path) ? 0 : stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))))
}

/** Fails when a package's build is missing or older than its sources: a tarball would ship stale code. */
function assertBuilt(dir: string) {
  const built = join(dir, 'dist/index.js')
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`pnpm build\` first`)
  if (newestMtime(join(dir, 'src')) > statSync(built).mtimeMs) {
    throw new Error(`${dir}/dist is older than its src: run \`pnpm build\` first`)
  }
}

export type Tarballs = { core: string; react: string; chat: string }

/** The workspace's pnpm: the one on PATH when it is that version, else through npx (as scripts/run.mjs). */
function pnpmCommand(): [string, ...string[]] {
  const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1]
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
  return probe.status === 0 && probe.stdout.trim() === wanted ? ['pnpm'] : ['npx', '-y', `pnpm@${wanted}`]
}

/** `pnpm pack`s the published packages (core, react, chat) into `destination`; returns the tarball paths. */
export async function packChatSync(destination: string): Promise<Tarballs> {
  mkdirSync(destination, { recursive: true })
  const pack = async (dir: string) => {
    assertBuilt(dir)
    const [command, ...prefix] = pnpmCommand()
    const { stdout } = await run(command, [...prefix, 'pack', '--json', '--pack-destination', destination], {
      cwd: dir,
    })
    const { filename } = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { filename: string }
    return resolve(destination, filename)
  }
  const [core, react, chat] = await Promise.all([
    pack(packageDirs.core),
    pack(packageDirs.react),
    pack(packageDirs.chat),
  ])
  return { core, react, chat }
}
