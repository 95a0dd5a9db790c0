/**
 * Moves this process's wall clock by `offsetMs`, as on a device whose clock is off: `Date.now()`,
 * `new Date()` and `Date()` read the shifted time (so do the time-based JSON-RPC ids, the relay-auth
 * tokens and the keep-alive's ages); monotonic clocks (`performance.now`, timers) are unchanged. Call it
 * before anything reads the time.
 */
export function shiftClock(offsetMs: number) {
  if (!offsetMs) return
  const RealDate = Date
  const now = () => RealDate.now() + offsetMs
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) =>
      Reflect.construct(target, args.length > 0 ? args : [now()], newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  })
}
