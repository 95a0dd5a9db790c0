/*
 * The part of vitest's API the core's platform-free tests use, small enough to run on Hermes 0.12: the
 * Hermes bundle maps `vitest` here. Tests register as they load; `runRegisteredTests` runs them in order
 * and reports each one's name, outcome and first error line.
 */
type Fn = () => unknown
type Hooks = { beforeEach: Fn[]; afterEach: Fn[]; beforeAll: Fn[]; afterAll: Fn[] }
type Registered = { name: string; fn: Fn; beforeEach: Fn[]; afterEach: Fn[] }
export type TestOutcome = { name: string; ok: boolean; ms: number; error?: string }

const registered: (Registered | { hook: 'beforeAll' | 'afterAll'; fn: Fn })[] = []
const scopes: { name: string; hooks: Hooks }[] = [{ name: '', hooks: newHooks() }]

function newHooks(): Hooks {
  return { beforeEach: [], afterEach: [], beforeAll: [], afterAll: [] }
}
const lastArgument = (args: unknown[]) => args.filter((arg) => typeof arg === 'function').pop() as Fn

export function describe(name: string, ...rest: unknown[]) {
  const scope = { name, hooks: newHooks() }
  scopes.push(scope)
  registered.push({ hook: 'beforeAll', fn: () => Promise.all(scope.hooks.beforeAll.map((fn) => fn())) })
  lastArgument(rest)()
  registered.push({ hook: 'afterAll', fn: () => Promise.all(scope.hooks.afterAll.map((fn) => fn())) })
  scopes.pop()
}

function register(name: string, fn: Fn) {
  const full = [...scopes.map((scope) => scope.name), name].filter(Boolean).join(' > ')
  registered.push({
    name: full,
    fn,
    beforeEach: scopes.flatMap((scope) => scope.hooks.beforeEach),
    afterEach: scopes.flatMap((scope) => scope.hooks.afterEach).reverse(),
  })
}

const display = (value: unknown) =>
  typeof value === 'function'
    ? `[Function ${value.name}]`
    : typeof value === 'object' && value !== null
      ? JSON.stringify(value, (_, item) => (typeof item === 'bigint' ? `${item}n` : item))
      : String(value)

/** A `test.each` name: `%#` is the case's index, `%s` and the like its next argument. */
function format(template: string, args: unknown[], caseIndex: number) {
  let index = 0
  return template.replace(/%[#sidjo]/g, (token) =>
    token === '%#' ? String(caseIndex) : display(args[index++]),
  )
}

export const test = Object.assign((name: string, ...rest: unknown[]) => register(name, lastArgument(rest)), {
  each:
    (cases: readonly unknown[]) =>
    (name: string, ...rest: unknown[]) => {
      const fn = lastArgument(rest) as (...args: unknown[]) => unknown
      cases.forEach((item, caseIndex) => {
        const args = Array.isArray(item) ? item : [item]
        register(format(name, args, caseIndex), () => fn(...args))
      })
    },
})
export const it = test

const hook = (kind: keyof Hooks) => (fn: Fn) => void scopes[scopes.length - 1]?.hooks[kind].push(fn)
export const beforeEach = hook('beforeEach')
export const afterEach = hook('afterEach')
export const beforeAll = hook('beforeAll')
export const afterAll = hook('afterAll')

export { expect } from './shimExpect.js'

/** Runs every registered test in order; a test's error is reported as its first line. */
export async function runRegisteredTests(): Promise<TestOutcome[]> {
  const outcomes: TestOutcome[] = []
  for (const entry of registered) {
    if ('hook' in entry) {
      await entry.fn()
      continue
    }
    const started = Date.now()
    try {
      for (const fn of entry.beforeEach) await fn()
      try {
        await entry.fn()
      } finally {
        for (const fn of entry.afterEach) await fn()
      }
      outcomes.push({ name: entry.name, ok: true, ms: Date.now() - started })
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      outcomes.push({ name: entry.name, ok: false, ms: Date.now() - started, error: text.split('\n')[0] })
    }
  }
  return outcomes
}
