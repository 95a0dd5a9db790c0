// @chatsync/chat: the WalletConnect Chat protocol on a chatsync session, framework-free.

export { sameAccount } from './account/sameAccount.js'
export { toAccountId } from './account/toAccountId.js'
export type {
  AcceptInviteReturnType,
  AnswerInviteErrorType,
  AnswerInviteParameters,
} from './actions/answerInvite.js'
// Actions: the chat client first, one object parameter
export { acceptInvite, answerInviteMutationOptions, rejectInvite } from './actions/answerInvite.js'
export type { ChatQueryState } from './actions/getChatQueryState.js'
export { getChatQueryState } from './actions/getChatQueryState.js'
export type { WatchChatParameters } from './actions/getChatState.js'
export { getChatState, getThread, watchChat, watchChatErrors } from './actions/getChatState.js'
export type { InviteKeyErrorType } from './actions/inviteKey.js'
export {
  rotateInviteKey,
  rotateInviteKeyMutationOptions,
  unregisterInviteKey,
} from './actions/inviteKey.js'
export type { LeaveThreadErrorType, LeaveThreadParameters } from './actions/leaveThread.js'
export { leaveThread, leaveThreadMutationOptions } from './actions/leaveThread.js'
export type { SendInviteErrorType, SendInviteParameters, SendInviteReturnType } from './actions/sendInvite.js'
export { sendInvite, sendInviteMutationOptions } from './actions/sendInvite.js'
export type {
  SendMessageErrorType,
  SendMessageParameters,
  SendMessageReturnType,
} from './actions/sendMessage.js'
export { sendMessage, sendMessageMutationOptions } from './actions/sendMessage.js'
export type {
  ChatMessage,
  ChatMessageStatus,
  ChatState,
  ChatStatus,
  ChatThread,
  ReceivedInvite,
  SentChatInvite,
} from './client/chatState.js'
export type { ChatClient, ChatClientEvents, CreateChatClientParameters } from './client/createChatClient.js'
// The client
export { createChatClient } from './client/createChatClient.js'
export type { ChatConfig, ChatOptions, CreateChatConfigParameters } from './config/createChatConfig.js'
// One config for a chat app: chatsync's, with the chat mounted on it
export { createChatConfig } from './config/createChatConfig.js'
export type {
  ChatNotReadyErrorType,
  EmptyMessageErrorType,
  IdentitySignatureErrorType,
  InvalidInviteeErrorType,
  InviteeNotFoundErrorType,
  KeysServerErrorType,
  MessageTooLongErrorType,
  NotFoundErrorType,
} from './errors/chat.js'
// Errors: narrow on `error.name`
export {
  ChatNotFoundError,
  ChatNotReadyError,
  EmptyMessageError,
  IdentitySignatureError,
  InvalidInviteeError,
  InviteeNotFoundError,
  KeysServerError,
  MessageTooLongError,
} from './errors/chat.js'
export type { ChatPayloadRejectedErrorType, ChatPayloadRejectReason } from './errors/rejected.js'
export { ChatPayloadRejectedError } from './errors/rejected.js'
export type { Cacao, CacaoRejectReason } from './identity/cacao.js'
// Identity keys and did-jwt claims, for tools and tests
export { formatCacaoMessage, verifyCacao } from './identity/cacao.js'
export type { CreateKeysServerClientParameters, KeysServerClient } from './identity/createKeysServerClient.js'
export { createKeysServerClient } from './identity/createKeysServerClient.js'
export type { KeyCurve } from './identity/didKey.js'
export { decodeDidKey, encodeDidKey } from './identity/didKey.js'
export type { ClaimsToSign, JwtClaims } from './identity/jwt.js'
export { decodeJwt, signJwt } from './identity/jwt.js'
export type { VerifyJwtResult } from './identity/verifyJwt.js'
export { verifyJwt } from './identity/verifyJwt.js'
// The protocol's constants
export { CHAT_ACTS, CHAT_LIMITS, CHAT_RPC, CHAT_TTL_SECONDS, characterCount } from './protocol/rpc.js'
