import { inspect } from 'node:util'

/** One thing the code under test said or threw, with where it was seen. */
export type Captured = { where: string; value: unknown }

/** Every text form of a value a developer or a log pipeline could end up with. */
export function textsOf(value: unknown, seen = new Set<unknown>()): string[] {
  const texts: string[] = []
  const add = (make: () => unknown) => {
    try {
      const text = make()
      if (typeof text === 'string') texts.push(text)
    } catch {
      // A form that cannot be made (a circular structure for JSON) is not a form that leaks.
    }
  }
  add(() => inspect(value, { depth: 20, showHidden: true, maxArrayLength: null, maxStringLength: null }))
  add(() => JSON.stringify(value))
  if (value instanceof Error || (typeof value === 'object' && value !== null && 'stack' in value)) {
    if (seen.has(value)) return texts
    seen.add(value)
    const error = value as Error & { cause?: unknown; errors?: unknown }
    add(() => String(error))
    add(() => JSON.stringify(error, Object.getOwnPropertyNames(error)))
    add(() => error.stack)
    add(() => error.message)
    for (const name of Object.getOwnPropertyNames(error)) {
      const member = (error as unknown as Record<string, unknown>)[name]
      if (typeof member === 'string') texts.push(member)
      else if (Array.isArray(member)) texts.push(member.map(String).join('\n'))
    }
    if (error.cause !== undefined) texts.push(...textsOf(error.cause, seen))
    if (Array.isArray(error.errors)) for (const inner of error.errors) texts.push(...textsOf(inner, seen))
  }
  return texts
}

/**
 * Where any of `secrets` (hex, with or without `0x`, any case) shows in the captured values, whole or
 * as any 32-digit run of it.
 */
export function findSecrets(captured: readonly Captured[], secrets: Readonly<Record<string, string>>) {
  const needles = Object.entries(secrets).flatMap(([name, secret]) => {
    const hex = secret.replace(/^0x/i, '').toLowerCase()
    const parts = [hex]
    for (let start = 0; start + 32 <= hex.length; start += 16) parts.push(hex.slice(start, start + 32))
    return parts.map((part) => ({ name, part }))
  })
  const found: { secret: string; where: string }[] = []
  let scanned = 0
  for (const { where, value } of captured) {
    for (const text of textsOf(value)) {
      scanned += text.length
      const haystack = text.toLowerCase()
      for (const { name, part } of needles) {
        if (haystack.includes(part) && !found.some((f) => f.secret === name && f.where === where)) {
          found.push({ secret: name, where })
        }
      }
    }
  }
  return { found, scanned }
}

/** A pino-shaped logger (what `@walletconnect/core` takes) that records every call, children included. */
export function createRecordingLogger(captured: Captured[], where: string) {
  const make = (bindings: Record<string, unknown>): Record<string, unknown> => {
    const record =
      (level: string) =>
      (...args: unknown[]) => {
        captured.push({ where: `${where} ${level}`, value: { bindings, args } })
      }
    return {
      level: 'trace',
      trace: record('trace'),
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
      fatal: record('fatal'),
      silent: () => {},
      isLevelEnabled: () => true,
      bindings: () => bindings,
      flush: () => {},
      child: (more: Record<string, unknown>) => make({ ...bindings, ...more }),
    }
  }
  return make({})
}
