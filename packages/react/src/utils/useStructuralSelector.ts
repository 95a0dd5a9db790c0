'use client'
import { useRef } from 'react'
import { replaceEqualDeep } from './replaceEqualDeep.js'

/**
 * `selector`, made to return its previous result while the new one is deep-equal to it (structural
 * sharing, like zustand's `useShallow` but to any depth): a selector that builds new arrays or objects
 * then keeps `useStore` from re-rendering when nothing it picked changed. With `enabled` false, `selector`
 * as it is (for selectors that return a part of the state unchanged).
 */
export function useStructuralSelector<TState, T>(selector: (state: TState) => T, enabled: boolean) {
  const previous = useRef<{ value: T } | undefined>(undefined)
  if (!enabled) return selector
  return (state: TState): T => {
    const next = selector(state)
    const shared = previous.current ? replaceEqualDeep(previous.current.value, next) : next
    previous.current = { value: shared }
    return shared
  }
}
