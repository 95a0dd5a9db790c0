/** Plain objects (any prototype-free or Object prototype) and arrays are compared by their contents. */
function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/**
 * `next`, with every part deep-equal to the same part of `previous` replaced by `previous`'s (structural
 * sharing, as TanStack Query does for `select`): when nothing changed, `previous` itself comes back, so a
 * selector that builds a new array or object each time still returns a stable reference.
 */
export function replaceEqualDeep<T>(previous: unknown, next: T): T {
  if (previous === next) return next
  const bothArrays = Array.isArray(previous) && Array.isArray(next)
  if (!bothArrays && !(isPlain(previous) && isPlain(next))) return next
  const before = previous as Record<string, unknown>
  const after = next as Record<string, unknown>
  const keys = Object.keys(after)
  const beforeKeys = Object.keys(before)
  const copy: Record<string, unknown> = bothArrays ? [] : Object.create(Object.getPrototypeOf(after))
  let equal = keys.length === beforeKeys.length
  for (const key of keys) {
    const value = replaceEqualDeep(before[key], after[key])
    copy[key] = value
    if (value !== before[key] || !Object.hasOwn(before, key)) equal = false
  }
  return (equal ? previous : copy) as T
}
