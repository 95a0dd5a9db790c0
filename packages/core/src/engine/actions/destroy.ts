import type { Engine } from '../engine.js'
import { withTimeout } from '../relay/relayRequest.js'

/** Writes pending state, stops timers and listeners. Registrations stay persisted. */
export async function destroy(engine: Engine): Promise<void> {
  if (engine.destroyed) return
  engine.markDestroyed()
  // Apps destroy the client as the page goes (pagehide), when the engine's own listener may not run.
  engine.saveUnloadCopies()
  engine.detach()
  const live = [...engine.accounts.values()]
  // While the core stays connected, the relay would keep delivering the store messages to it, and the
  // core would acknowledge and drop them: this client's restore() would then never see them. Best
  // effort, and never long: the relay may be unreachable even while the socket looks open.
  const unsubscribed =
    engine.core.relayer.connected &&
    withTimeout(
      engine.subscriptions.unsubscribe(live.flatMap((sync) => Object.values(sync.topics))),
      1000,
      'unsubscribe',
    ).catch(() => {})
  await Promise.all(live.map((sync) => engine.deactivate(sync, false)))
  // The recent account is written without waiting for it: a client destroyed just after is done with it too.
  await engine.startup.recent.settled()
  await unsubscribed
  engine.subscriptions.detachAll()
  engine.emitter.clear()
}
