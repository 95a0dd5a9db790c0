export type Emitter<TEvents extends Record<string, unknown>> = {
  on<E extends keyof TEvents>(event: E, handler: (payload: TEvents[E]) => void): () => void
  emit<E extends keyof TEvents>(event: E, payload: TEvents[E]): void
  clear(): void
}

/**
 * A small typed event emitter. A handler that throws does not stop the others, and its error is
 * handed to `onHandlerError` rather than escaping into the engine (or the core that called it).
 */
export function createEmitter<TEvents extends Record<string, unknown>>(
  onHandlerError: (error: unknown) => void,
): Emitter<TEvents> {
  const handlers = new Map<keyof TEvents, Set<(payload: never) => void>>()
  return {
    on(event, handler) {
      const set = handlers.get(event) ?? new Set()
      handlers.set(event, set)
      // Wrap, so one handler registered twice gets two independent subscriptions.
      const entry = (payload: never) => handler(payload)
      set.add(entry)
      return () => {
        set.delete(entry)
      }
    },
    emit(event, payload) {
      for (const handler of [...(handlers.get(event) ?? [])]) {
        try {
          handler(payload as never)
        } catch (error) {
          onHandlerError(error)
        }
      }
    },
    clear() {
      handlers.clear()
    },
  }
}
