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
  // One entry per `on`, so one handler registered twice gets two independent subscriptions.
  const entries = new Set<{ event: keyof TEvents; handler: (payload: never) => void }>()
  return {
    on(event, handler) {
      const entry = { event, handler }
      entries.add(entry)
      return () => {
        entries.delete(entry)
      }
    },
    emit(event, payload) {
      for (const entry of [...entries]) {
        if (entry.event !== event) continue
        try {
          entry.handler(payload as never)
        } catch (error) {
          onHandlerError(error)
        }
      }
    },
    clear() {
      entries.clear()
    },
  }
}
