/** Where the toggle button sits: a corner of the viewport, or `relative`: in the page flow where rendered. */
export type ChatSyncDevtoolsButtonPosition =
  | 'top-left'
  | 'top-right'
  | 'bottom-left'
  | 'bottom-right'
  | 'relative'

export type ChatSyncDevtoolsProps = {
  /** Open the panel at first. Default `false`. */
  initialIsOpen?: boolean | undefined
  /** Where the toggle button sits. Default `bottom-right`. */
  buttonPosition?: ChatSyncDevtoolsButtonPosition | undefined
  /**
   * `fixed`: the panel is a drawer along the bottom of the viewport. `inline`: it opens in the page flow,
   * under the button. Default: `inline` when `buttonPosition` is `relative`, else `fixed`.
   */
  position?: 'fixed' | 'inline' | undefined
  /** How often the open panel reads the client's `inspect` (ms); changes are read as they apply too. Default 500. */
  pollInterval?: number | undefined
  /** Shown on the toggle button, e.g. the device's name. Default `chatsync`. */
  label?: string | undefined
  /** How many of the latest background errors the panel keeps. Default 5. */
  errorLimit?: number | undefined
}
