/** The outcome of an operation on untrusted input: a value, or a typed error. Never thrown. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E }
