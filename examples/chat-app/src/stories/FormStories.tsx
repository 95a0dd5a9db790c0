import { useState } from 'react'
import { Conversation, type ConversationProps } from '../components/Conversation'
import { SendInviteForm, type SendInviteFormProps } from '../components/SendInviteForm'

/** How the stories' sends end: `sent`, or the error the package would throw. */
export type StorySendResult = 'sent' | Error

/** Keeps the last error the way a mutation does: set by a failed send, cleared by an edit. */
function useStoryMutation(result: StorySendResult) {
  const [error, setError] = useState<Error>()
  const send = async () => {
    if (result === 'sent') return setError(undefined)
    setError(result)
    throw result
  }
  return { error, send, reset: () => setError(undefined) }
}

/** `Conversation` with a send that ends as `result`. */
export function ConversationStory({
  result,
  ...props
}: Omit<ConversationProps, 'onSend' | 'sendError' | 'onEdit'> & { result: StorySendResult }) {
  const mutation = useStoryMutation(result)
  return <Conversation {...props} onSend={mutation.send} sendError={mutation.error} onEdit={mutation.reset} />
}

/** `SendInviteForm` with a send that ends as `result`. */
export function SendInviteFormStory({
  result,
  ...props
}: Omit<SendInviteFormProps, 'onSend' | 'error' | 'onEdit'> & { result: StorySendResult }) {
  const mutation = useStoryMutation(result)
  return <SendInviteForm {...props} onSend={mutation.send} error={mutation.error} onEdit={mutation.reset} />
}
