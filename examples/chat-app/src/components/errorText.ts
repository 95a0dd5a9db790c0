/** A short, user-facing line for an error value (a chatsync `BaseError` carries `shortMessage`). */
export function errorText(error: unknown): string {
  if (error && typeof error === 'object') {
    const { shortMessage, message } = error as { shortMessage?: unknown; message?: unknown }
    if (typeof shortMessage === 'string' && shortMessage) return shortMessage
    if (typeof message === 'string' && message) return message
  }
  return 'Something went wrong'
}
