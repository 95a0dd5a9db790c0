import type { AccountInspection, InspectedEntry, SessionState } from '@chatsync/core'
import { useState } from 'react'
import { clock, idTime, oneLine, pretty, relative, shorten, span, statusReason } from './format.js'
import type { KeptError } from './useBackgroundErrors.js'
import type { InspectionRead } from './useInspection.js'

const connectionTones: Record<AccountInspection['relay']['connection'], string> = {
  connecting: 'warn',
  connected: 'ok',
  offline: 'bad',
}

const tones: Record<SessionState['status'], string> = {
  idle: 'info',
  signing: 'warn',
  syncing: 'warn',
  ready: 'ok',
  rejected: 'bad',
  error: 'bad',
}

export function StatusPill({ status, testId }: { status: SessionState['status']; testId?: string }) {
  return (
    <span className="csd-pill" data-tone={tones[status]} data-status={status} data-testid={testId}>
      {status}
    </span>
  )
}

function NotLive({ read }: { read: InspectionRead | undefined }) {
  if (read?.kind === 'unsupported')
    return <p className="csd-muted">This client has no inspect(): only the session's status shows.</p>
  return <p className="csd-muted">Nothing to show: the account is not live on this client.</p>
}

/** Sync status and why, the relay, the last catch-up, the outbox in short, storage and the next refresh. */
export function StatusTab({
  state,
  read,
  now,
}: {
  state: SessionState
  read: InspectionRead | undefined
  now: number
}) {
  const inspection = read?.kind === 'live' ? read.inspection : undefined
  return (
    <>
      <dl className="csd-grid">
        <dt>sync</dt>
        <dd>
          <StatusPill status={state.status} />{' '}
          <span data-testid="chatsync-devtools-reason">{statusReason(state, read)}</span>
        </dd>
        {state.error ? (
          <>
            <dt>error</dt>
            <dd data-testid="chatsync-devtools-session-error">
              {state.error.name}: {state.error.shortMessage || 'Enabling sync failed.'}
              {state.error.details ? <span className="csd-muted"> ({state.error.details})</span> : null}
            </dd>
          </>
        ) : null}
        <dt>account</dt>
        <dd title={state.account}>{state.account ?? '—'}</dd>
        {inspection ? <Inspected inspection={inspection} now={now} /> : null}
      </dl>
      {inspection ? null : <NotLive read={read} />}
    </>
  )
}

function Inspected({ inspection, now }: { inspection: AccountInspection; now: number }) {
  const { relay, catchUp, outbox, storage, keepAlive } = inspection
  const last = catchUp.last
  return (
    <>
      <dt>relay</dt>
      <dd
        data-testid="chatsync-devtools-relay"
        data-connected={relay.connected}
        data-connection={relay.connection}
      >
        <span className="csd-pill" data-tone={connectionTones[relay.connection]}>
          {relay.connection}
        </span>
        {relay.url ? <span className="csd-muted"> {relay.url}</span> : null}
        {relay.closedByApp ? <span className="csd-muted"> closed by the app</span> : null}
        {relay.failure ? (
          <span data-testid="chatsync-devtools-relay-failure"> {relay.failure.message}</span>
        ) : null}
      </dd>
      <dt>catch-up</dt>
      <dd data-testid="chatsync-devtools-catch-up">
        {catchUp.status}
        {' · last: '}
        {last ? (
          <>
            {clock(last.at)} ({relative(last.at, now)}), {last.messages} message
            {last.messages === 1 ? '' : 's'} in {Math.round(last.ms)} ms
            {last.rebuilt ? ', rebuilt from the whole history' : ''}
          </>
        ) : (
          <span className="csd-muted">none yet</span>
        )}
      </dd>
      <dt>outbox</dt>
      <dd>
        {outbox.items.length} pending
        {outbox.failures > 0 ? `, ${outbox.failures} failed in a row` : ''}
        {outbox.retrying ? ', a retry waits for its backoff' : ''}
      </dd>
      <dt>storage</dt>
      <dd>
        {storage.saving ? 'saving…' : 'saved'} · generation {storage.generation} · {storage.journalEntries}{' '}
        journal entr{storage.journalEntries === 1 ? 'y' : 'ies'}
      </dd>
      <dt>next refresh</dt>
      <dd data-testid="chatsync-devtools-next-refresh">
        {keepAlive.nextRefreshAt === undefined ? (
          <span className="csd-muted">not scheduled yet</span>
        ) : (
          <>
            {new Date(keepAlive.nextRefreshAt).toLocaleString()} ({relative(keepAlive.nextRefreshAt, now)})
          </>
        )}
        <span className="csd-muted">
          {' '}
          · entries live {span(keepAlive.ttlSeconds)} on the relay, refreshed after{' '}
          {span(keepAlive.refreshAfterSeconds)}
        </span>
      </dd>
    </>
  )
}

function EntryRow({ store, entry }: { store: string; entry: InspectedEntry }) {
  const [isOpen, setOpen] = useState(false)
  return (
    <>
      <tr
        data-testid="chatsync-devtools-entry"
        data-store={store}
        data-key={entry.key}
        data-writer={entry.lastWriter}
        data-deleted={entry.deleted}
      >
        <td className="csd-key" title={entry.key}>
          {shorten(entry.key, 6)}
        </td>
        <td title={idTime(entry.id)}>{entry.id}</td>
        <td>
          <span className="csd-pill" data-tone={entry.lastWriter === 'local' ? 'info' : undefined}>
            {entry.lastWriter}
          </span>
        </td>
        <td>
          {entry.deleted ? (
            <span className="csd-pill" data-tone="warn">
              tombstone
            </span>
          ) : (
            <button
              type="button"
              className="csd-fold"
              aria-expanded={isOpen}
              data-testid="chatsync-devtools-value"
              onClick={() => setOpen((open) => !open)}
            >
              {oneLine(entry.value)}
            </button>
          )}
        </td>
      </tr>
      {isOpen && !entry.deleted ? (
        <tr className="csd-detail">
          <td colSpan={4}>
            <pre>{pretty(entry.value)}</pre>
          </td>
        </tr>
      ) : null}
    </>
  )
}

/** Each store's entries, newest change first, with their ids, last writer and tombstones. */
export function StoresTab({ inspection }: { inspection: AccountInspection }) {
  return (
    <>
      {Object.entries(inspection.stores).map(([store, entries]) => {
        const tombstones = entries.filter((entry) => entry.deleted).length
        return (
          <section key={store} className="csd-store" data-testid="chatsync-devtools-store" data-store={store}>
            <h3>
              {store}{' '}
              <span className="csd-muted">
                {entries.length - tombstones} entr{entries.length - tombstones === 1 ? 'y' : 'ies'}
                {tombstones > 0 ? `, ${tombstones} tombstone${tombstones === 1 ? '' : 's'}` : ''}
              </span>
            </h3>
            {entries.length === 0 ? null : (
              <table className="csd-table csd-entries">
                <thead>
                  <tr>
                    <th>key</th>
                    <th>id</th>
                    <th>writer</th>
                    <th>value</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <EntryRow key={entry.key} store={store} entry={entry} />
                  ))}
                </tbody>
              </table>
            )}
          </section>
        )
      })}
    </>
  )
}

/** The writes not yet accepted by the relay, and its retries. */
export function OutboxTab({ inspection }: { inspection: AccountInspection }) {
  const { items, failures, retrying } = inspection.outbox
  return (
    <>
      <p data-testid="chatsync-devtools-outbox-summary" data-retrying={retrying}>
        {items.length === 0 ? 'Nothing waiting: the relay has every write.' : `${items.length} waiting.`}
        {failures > 0 ? ` ${failures} failed publish${failures === 1 ? '' : 'es'} in a row.` : ''}
        {retrying ? ' A retry waits for its backoff.' : ''}
      </p>
      {items.length === 0 ? null : (
        <table className="csd-table csd-outbox">
          <thead>
            <tr>
              <th>store</th>
              <th>key</th>
              <th>id</th>
              <th>method</th>
              <th>state</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr
                key={`${item.store}:${item.key}:${item.id}`}
                data-testid="chatsync-devtools-outbox-item"
                data-sending={item.sending}
              >
                <td>{item.store}</td>
                <td title={item.key}>{shorten(item.key, 6)}</td>
                <td>{item.id}</td>
                <td>{item.method}</td>
                <td>
                  <span className="csd-pill" data-tone={item.sending ? 'info' : 'warn'}>
                    {item.sending ? 'sending' : retrying ? 'retrying' : 'waiting'}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}

/** The latest background errors (`watchErrors`), newest first. */
export function ErrorsTab({
  errors,
  total,
  now,
  onClear,
}: {
  errors: readonly KeptError[]
  total: number
  now: number
  onClear: () => void
}) {
  if (errors.length === 0)
    return <p className="csd-muted">No background errors since the panel was mounted.</p>
  return (
    <>
      <p>
        {total} in all{total > errors.length ? `, the last ${errors.length} kept` : ''}.{' '}
        <button type="button" className="csd-pill" onClick={onClear}>
          clear
        </button>
      </p>
      {errors.map((error) => (
        <div key={error.seq} className="csd-error" data-testid="chatsync-devtools-error">
          <p>
            <strong>{error.name}</strong>{' '}
            <span className="csd-muted">
              {clock(error.at)} ({relative(error.at, now)})
            </span>
          </p>
          <p>{error.message}</p>
          {error.details ? <p className="csd-muted">{error.details}</p> : null}
        </div>
      ))}
    </>
  )
}
