/** Errors about what the user typed: their details say what to do. */
const INPUT_ERRORS = new Set([
  'InvalidInviteeError',
  'InviteeNotFoundError',
  'EmptyMessageError',
  'MessageTooLongError',
])

/**
 * A short, user-facing line for an error value (a chatsync `BaseError` carries `shortMessage`), with its
 * details when they tell the user what to type instead.
 */
export function errorText(error: unknown): string {
  if (error && typeof error === 'object') {
    const { name, shortMessage, message, details } = error as Record<string, unknown>
    const text = typeof shortMessage === 'string' && shortMessage ? shortMessage : message
    if (typeof text === 'string' && text) {
      const hint = INPUT_ERRORS.has(String(name)) && typeof details === 'string' ? details : ''
      return hint ? `${text} ${hint}` : text
    }
  }
  return 'Something went wrong'
}
