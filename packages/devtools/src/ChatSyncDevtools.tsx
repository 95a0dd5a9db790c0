'use client'
import { useChatSync, useChatSyncConfig } from '@chatsync/react'
import { useId, useState } from 'react'
import { styles } from './styles.js'
import { ErrorsTab, OutboxTab, StatusPill, StatusTab, StoresTab } from './tabs.js'
import type { ChatSyncDevtoolsProps } from './types.js'
import { useBackgroundErrors } from './useBackgroundErrors.js'
import { useInspection } from './useInspection.js'

type Tab = 'status' | 'stores' | 'outbox' | 'errors'

/**
 * The panel, always (the `/production` entry): a toggle button and, once open, what the provider's client
 * knows about its account, read with `client.inspect({ account })` while open.
 */
export function ChatSyncDevtools({
  initialIsOpen = false,
  buttonPosition = 'bottom-right',
  position = buttonPosition === 'relative' ? 'inline' : 'fixed',
  pollInterval = 500,
  label = 'chatsync',
  errorLimit = 5,
}: ChatSyncDevtoolsProps) {
  const state = useChatSync()
  // useChatSync has thrown already when there is no provider.
  const config = useChatSyncConfig()
  const [isOpen, setOpen] = useState(initialIsOpen)
  const [tab, setTab] = useState<Tab>('status')
  const read = useInspection(config.client, state.account, state.status, isOpen, pollInterval)
  const errors = useBackgroundErrors(config, errorLimit)
  const panelId = useId()
  const inspection = read?.kind === 'live' ? read.inspection : undefined
  const now = read?.at ?? Date.now()
  const entries = inspection
    ? Object.values(inspection.stores).reduce((sum, list) => sum + list.length, 0)
    : 0
  const tabs: [Tab, string][] = [
    ['status', 'status'],
    ['stores', `stores (${entries})`],
    ['outbox', `outbox (${inspection?.outbox.items.length ?? 0})`],
    ['errors', `errors (${errors.total})`],
  ]
  return (
    <div className="chatsync-devtools" data-testid="chatsync-devtools">
      <style>{styles}</style>
      <button
        type="button"
        className="csd-toggle"
        data-position={buttonPosition}
        data-testid="chatsync-devtools-toggle"
        aria-expanded={isOpen}
        aria-controls={panelId}
        onClick={() => setOpen((open) => !open)}
      >
        <span className="csd-dot" data-status={state.status} />
        {label} devtools
        {errors.total > 0 ? <span className="csd-count">{errors.total}</span> : null}
      </button>
      {isOpen ? (
        <section
          id={panelId}
          className="chatsync-devtools-panel"
          data-position={position}
          data-testid="chatsync-devtools-panel"
          aria-label={`${label} devtools`}
        >
          <header className="csd-head">
            <strong>{label}</strong>
            <StatusPill status={state.status} testId="chatsync-devtools-status" />
            <span className="csd-muted csd-account" title={state.account}>
              {state.account ?? 'no account'}
            </span>
            <button
              type="button"
              className="csd-close"
              aria-label="Close devtools"
              onClick={() => setOpen(false)}
            >
              ×
            </button>
          </header>
          <div className="csd-tabs" role="tablist">
            {tabs.map(([id, text]) => (
              <button
                key={id}
                type="button"
                role="tab"
                className="csd-tab"
                aria-selected={tab === id}
                data-testid={`chatsync-devtools-tab-${id}`}
                onClick={() => setTab(id)}
              >
                {text}
              </button>
            ))}
          </div>
          <div className="csd-body" role="tabpanel" data-tab={tab}>
            {tab === 'status' ? <StatusTab state={state} read={read} now={now} /> : null}
            {tab === 'stores' ? (
              inspection ? (
                <StoresTab inspection={inspection} />
              ) : (
                <StatusTab state={state} read={read} now={now} />
              )
            ) : null}
            {tab === 'outbox' ? (
              inspection ? (
                <OutboxTab inspection={inspection} />
              ) : (
                <StatusTab state={state} read={read} now={now} />
              )
            ) : null}
            {tab === 'errors' ? (
              <ErrorsTab errors={errors.errors} total={errors.total} now={now} onClear={errors.clear} />
            ) : null}
          </div>
        </section>
      ) : null}
    </div>
  )
}
