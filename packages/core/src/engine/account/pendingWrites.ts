import type { StoreUpdate } from '../../lww/applyUpdate.js'
import type { ChatStoreId } from '../../stores/catalogue.js'

/** A local write not folded into its store yet. */
export type PendingWrite = { readonly store: ChatStoreId; readonly update: StoreUpdate<unknown> }

/** The log the values of one lineage share: writes in order, and each store key's positions in it. */
type Log = { writes: PendingWrite[]; positions: Partial<Record<ChatStoreId, Map<string, number[]>>> }

/**
 * Local writes not folded in yet, oldest first: an immutable value with O(1) `append` and `idOf`.
 * Values derived from one another share one log and each sees only its own prefix of it (`size`);
 * appending to a value that is no longer the newest of its log (a branch) copies its prefix first.
 */
export class PendingWrites {
  static readonly empty = new PendingWrites({ writes: [], positions: {} }, 0)

  private constructor(
    private readonly log: Log,
    readonly size: number,
  ) {}

  /** These writes and then `write`. */
  append(write: PendingWrite): PendingWrites {
    // `empty` is shared by every lineage: each starts a log of its own.
    const log =
      this.size > 0 && this.log.writes.length === this.size ? this.log : copyPrefix(this.log, this.size)
    record(log, write)
    return new PendingWrites(log, this.size + 1)
  }

  /** The id of the newest of these writes to `key` of `store`, if any. */
  idOf(store: ChatStoreId, key: string): number | undefined {
    const positions = this.log.positions[store]?.get(key)
    if (!positions) return undefined
    // Positions grow: the newest within this value's prefix is near the end.
    for (let index = positions.length - 1; index >= 0; index--) {
      const position = positions[index] as number
      if (position < this.size) return (this.log.writes[position] as PendingWrite).update.id
    }
    return undefined
  }

  [Symbol.iterator](): Iterator<PendingWrite> {
    return this.log.writes.slice(0, this.size)[Symbol.iterator]()
  }
}

function record(log: Log, write: PendingWrite) {
  log.positions[write.store] ??= new Map()
  const byKey = log.positions[write.store] as Map<string, number[]>
  const positions = byKey.get(write.update.key)
  if (positions) positions.push(log.writes.length)
  else byKey.set(write.update.key, [log.writes.length])
  log.writes.push(write)
}

function copyPrefix(log: Log, size: number): Log {
  const copy: Log = { writes: [], positions: {} }
  for (const write of log.writes.slice(0, size)) record(copy, write)
  return copy
}
