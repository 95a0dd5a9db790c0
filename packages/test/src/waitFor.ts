/** Waits for `predicate` to hold, checking after every event loop turn up to `timeoutMs` (then throws). */
export async function waitFor(predicate: () => boolean, { timeoutMs = 10_000, what = 'condition' } = {}) {
  const started = Date.now()
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** A promise with its settle functions, to hold a signer (or anything) until the test decides. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
