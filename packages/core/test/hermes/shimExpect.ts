/* `expect` for the vitest shim (see vitestShim.ts): the matchers the platform-free tests use. */

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null
const tag = (value: unknown) => Object.prototype.toString.call(value)

/** vitest's `toEqual`: structural, own enumerable keys, `undefined` properties ignored, prototypes not. */
export function equals(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (!isObject(a) || !isObject(b) || tag(a) !== tag(b)) return false
  if (a instanceof Error && b instanceof Error) return a.message === b.message && a.name === b.name
  if (a instanceof Date) return a.getTime() === (b as unknown as Date).getTime()
  if (a instanceof Map || a instanceof Set) {
    const left = [...a.entries()]
    const right = [...(b as unknown as Map<unknown, unknown>).entries()]
    return equals(left, right)
  }
  if (ArrayBuffer.isView(a)) return equals(Array.from(a as never), Array.from(b as never))
  if (Array.isArray(a)) {
    const other = b as unknown as unknown[]
    return a.length === other.length && a.every((item, i) => equals(item, other[i]))
  }
  const keys = (value: Record<string, unknown>) =>
    Object.keys(value).filter((key) => value[key] !== undefined)
  const left = keys(a)
  const right = keys(b)
  return left.length === right.length && left.every((key) => Object.hasOwn(b, key) && equals(a[key], b[key]))
}

function matchesObject(actual: unknown, expected: unknown): boolean {
  if (!isObject(expected) || Array.isArray(expected)) return equals(actual, expected)
  if (!isObject(actual)) return false
  return Object.keys(expected).every((key) => matchesObject(actual[key], expected[key]))
}

const show = (value: unknown) => {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  } catch {
    return String(value)
  }
}

/** An inline snapshot's text as vitest writes it: indentation and the first and last line break removed. */
function dedent(snapshot: string) {
  const lines = snapshot
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '')
    .split('\n')
  const indent = Math.min(
    ...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)?.[0].length ?? 0),
  )
  return lines.map((line) => line.slice(indent)).join('\n')
}

function thrownBy(run: unknown): unknown {
  try {
    ;(run as () => unknown)()
  } catch (error) {
    return error
  }
  throw new Error('expected a function that throws')
}

// biome-ignore lint/suspicious/noExplicitAny: matchers take what each test passes them.
type Matchers = Record<string, (...args: any[]) => unknown>

function matchers(actual: unknown, negate: boolean): Matchers {
  const check = (pass: boolean, what: string) => {
    if (pass === negate) throw new Error(`expected ${show(actual)} ${negate ? 'not ' : ''}${what}`)
  }
  return {
    toBe: (expected: unknown) => check(Object.is(actual, expected), `to be ${show(expected)}`),
    toEqual: (expected: unknown) => check(equals(actual, expected), `to equal ${show(expected)}`),
    toStrictEqual: (expected: unknown) => check(equals(actual, expected), `to equal ${show(expected)}`),
    toMatchObject: (expected: unknown) =>
      check(matchesObject(actual, expected), `to match ${show(expected)}`),
    toBeUndefined: () => check(actual === undefined, 'to be undefined'),
    toBeDefined: () => check(actual !== undefined, 'to be defined'),
    toBeNull: () => check(actual === null, 'to be null'),
    toBeTruthy: () => check(!!actual, 'to be truthy'),
    toBeFalsy: () => check(!actual, 'to be falsy'),
    toBeTypeOf: (type: string) => check(typeof actual === type, `to be a ${type}`),
    toBeInstanceOf: (type: new () => unknown) => check(actual instanceof type, `to be a ${type.name}`),
    toBeGreaterThan: (n: number) => check((actual as number) > n, `to be > ${n}`),
    toBeGreaterThanOrEqual: (n: number) => check((actual as number) >= n, `to be >= ${n}`),
    toBeLessThan: (n: number) => check((actual as number) < n, `to be < ${n}`),
    toBeLessThanOrEqual: (n: number) => check((actual as number) <= n, `to be <= ${n}`),
    toHaveLength: (n: number) => check((actual as { length: number }).length === n, `to have length ${n}`),
    toContain: (item: unknown) =>
      check(
        typeof actual === 'string' ? actual.includes(item as string) : (actual as unknown[]).includes(item),
        `to contain ${show(item)}`,
      ),
    toMatch: (pattern: RegExp | string) =>
      check(
        typeof pattern === 'string' ? (actual as string).includes(pattern) : pattern.test(actual as string),
        `to match ${pattern}`,
      ),
    toHaveProperty: (key: string) => check(isObject(actual) && key in actual, `to have property ${key}`),
    toThrow: (expected?: unknown) => {
      let error: unknown
      let threw = false
      try {
        ;(actual as () => unknown)()
      } catch (caught) {
        error = caught
        threw = true
      }
      const message = (error as { message?: string } | undefined)?.message ?? ''
      const asymmetric = (expected as { asymmetricMatch?: (value: unknown) => boolean } | undefined)
        ?.asymmetricMatch
      const pass =
        threw &&
        (expected === undefined ||
          (typeof asymmetric === 'function' && asymmetric(error)) ||
          (typeof expected === 'function' && error instanceof (expected as new () => unknown)) ||
          (typeof expected === 'string' && message.includes(expected)) ||
          (expected instanceof RegExp && expected.test(message)))
      check(pass, `to throw ${show(expected ?? '')}`)
    },
    toThrowError: (expected?: unknown) => matchers(actual, negate).toThrow?.(expected),
    toMatchInlineSnapshot: (snapshot: string) =>
      check(`"${actual}"` === dedent(snapshot), `to match the snapshot ${show(dedent(snapshot))}`),
    toThrowErrorMatchingInlineSnapshot: (snapshot: string) => {
      const error = thrownBy(actual) as Error
      check(`[${error.name}: ${error.message}]` === dedent(snapshot), 'to throw the snapshot')
    },
  }
}

function settled(promise: unknown, want: 'resolves' | 'rejects', negate: boolean): Matchers {
  const out: Matchers = {}
  for (const name of Object.keys(matchers(undefined, false))) {
    out[name] = async (...args: unknown[]) => {
      let value: unknown
      let rejected = false
      try {
        value = await promise
      } catch (error) {
        value = error
        rejected = true
      }
      if (rejected !== (want === 'rejects')) throw new Error(`expected the promise to ${want.slice(0, -1)}`)
      // `rejects.toThrow(…)` looks at the rejection itself.
      const subject =
        name === 'toThrow'
          ? () => {
              throw value
            }
          : value
      return matchers(subject, negate)[name]?.(...args)
    }
  }
  return out
}

export function expect(actual: unknown) {
  return Object.assign(matchers(actual, false), {
    not: matchers(actual, true),
    resolves: settled(actual, 'resolves', false),
    rejects: settled(actual, 'rejects', false),
  })
}

/** vitest's `expect.objectContaining`, as far as `toThrow` needs it. */
expect.objectContaining = (expected: unknown) => ({
  asymmetricMatch: (value: unknown) => matchesObject(value, expected),
})
