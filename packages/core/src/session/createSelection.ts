/** Keeps what can be kept of the previous selection in the next one (TanStack's `replaceEqualDeep`). */
export type ShareStructure = <T>(previous: unknown, next: T) => T

/**
 * A `select` as TanStack Query runs it, for a hook that reads a view of the state: the selection is made
 * again only when the source or the `select` function changes, and shares what is unchanged with the
 * previous one, so a `select` written inline (a new function each render) still gives the same result
 * while its contents are the same. Without `select`, the source itself.
 */
export function createSelection<TSource, TSelected>(shareStructure: ShareStructure) {
  let made = false
  let source: TSource | undefined
  let selector: ((source: TSource) => TSelected) | undefined
  let selected: TSource | TSelected | undefined
  return (next: TSource, select: ((source: TSource) => TSelected) | undefined): TSource | TSelected => {
    if (!made || next !== source || select !== selector) {
      made = true
      source = next
      selector = select
      selected = select ? shareStructure(selected, select(next)) : next
    }
    return selected as TSource | TSelected
  }
}
