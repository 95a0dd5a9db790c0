import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { expect, test } from 'vitest'
import * as core from './index.js'

/**
 * Every name `file` exports, sorted, type-only ones as `type Name`. A statement that exports in another
 * form (`export *`, `export const …`) is listed as its text, so it shows up in the snapshot too.
 */
function exportList(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
  const entries = source.statements.flatMap((statement) => {
    if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      return statement.exportClause.elements.map((element) => ({
        name: element.name.text,
        typeOnly: statement.isTypeOnly || element.isTypeOnly,
      }))
    }
    const exports =
      ts.isExportDeclaration(statement) ||
      ts.isExportAssignment(statement) ||
      (ts.canHaveModifiers(statement) &&
        ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword))
    return exports ? [{ name: `unlisted: ${statement.getText(source)}`, typeOnly: false }] : []
  })
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, typeOnly }) => (typeOnly ? `type ${name}` : name))
}

test('exports: exactly these names (an export added or removed must update this list)', () => {
  const names = exportList(join(import.meta.dirname, 'index.ts'))
  // The list read from the source is what the module exports at run time, plus its types.
  expect(names.filter((name) => !name.startsWith('type '))).toEqual(Object.keys(core).sort())
  expect(names).toMatchInlineSnapshot(`
    [
      "AccountNotRegisteredError",
      "type AccountNotRegisteredErrorType",
      "AccountNotSetError",
      "type AccountNotSetErrorType",
      "type AccountSnapshot",
      "BaseError",
      "type BaseErrorParameters",
      "type BaseErrorType",
      "CHAT_STORES",
      "CHAT_STORE_IDS",
      "type ChatStore",
      "type ChatStoreId",
      "type ChatStorePayloads",
      "type ChatSyncChangeEvent",
      "type ChatSyncClient",
      "type ChatSyncCore",
      "type ChatSyncEvents",
      "type ChatSyncLogger",
      "type ChatSyncReportedErrorType",
      "type ChatSyncSession",
      "type ChatSyncStorage",
      "type ChatSyncStores",
      "type ChatSyncWriteResult",
      "ClientDestroyedError",
      "type ClientDestroyedErrorType",
      "type CreateChatSyncParameters",
      "type CreateChatSyncSessionParameters",
      "type CreateSignerParameters",
      "type DeleteErrorType",
      "type DeleteStoreValueErrorType",
      "type DeleteStoreValueParameters",
      "type DeleteStoreValueReturnType",
      "DeliveryCancelledError",
      "type DeliveryCancelledErrorType",
      "type DeriveStoreKeysParameters",
      "type DeriveStoreKeysReturnType",
      "ENGINE_LIMITS",
      "IncomingMessageError",
      "type IncomingMessageErrorType",
      "type IncomingMessageRejectReason",
      "InvalidAccountError",
      "type InvalidAccountErrorType",
      "type InvalidAccountReason",
      "InvalidSignatureError",
      "type InvalidSignatureErrorType",
      "InvalidStoreKeyError",
      "type InvalidStoreKeyErrorType",
      "InvalidStoreNameError",
      "type InvalidStoreNameErrorType",
      "type InvalidStoreNameReason",
      "InvalidStoreUpdateError",
      "type InvalidStoreUpdateErrorType",
      "type InviteKeys",
      "type OutboxItem",
      "PERSISTED_ACCOUNT_VERSION",
      "type ParsedAccount",
      "type PayloadIssue",
      "PayloadTooLargeError",
      "type PayloadTooLargeErrorType",
      "PayloadValidationError",
      "type PayloadValidationErrorType",
      "type PersistedAccount",
      "type ReceivedInviteStatus",
      "type RegisterErrorType",
      "RelayDisconnectedError",
      "type RelayDisconnectedErrorType",
      "RelayRequestError",
      "type RelayRequestErrorType",
      "type Result",
      "STORE_PATH_PREFIX",
      "SYNC_PUBLISH_OPTIONS",
      "type SentInvite",
      "type SessionChangeEvent",
      "type SessionClient",
      "type SessionClientEvents",
      "type SessionErrorType",
      "type SessionSnapshot",
      "type SessionState",
      "type SessionStatus",
      "type SessionStores",
      "type SessionWriteResult",
      "type SetErrorType",
      "type SetStoreValueErrorType",
      "type SetStoreValueParameters",
      "type SetStoreValueReturnType",
      "type SignRequester",
      "SignatureMismatchError",
      "type SignatureMismatchErrorType",
      "SignatureRejectedError",
      "type SignatureRejectedErrorType",
      "SignatureRequestFailedError",
      "type SignatureRequestFailedErrorType",
      "type Signer",
      "SignerNotConfiguredError",
      "type SignerNotConfiguredErrorType",
      "StorageError",
      "type StorageErrorType",
      "type StoreKeys",
      "type StoreState",
      "type StoreUpdate",
      "type StoreView",
      "type StoreViews",
      "type SyncDelRequest",
      "type SyncMethod",
      "type SyncPublishOptions",
      "type SyncRequest",
      "type SyncSetRequest",
      "type Thread",
      "TimeoutError",
      "type TimeoutErrorType",
      "TransportClosedError",
      "type TransportClosedErrorType",
      "UnknownStoreError",
      "type UnknownStoreErrorType",
      "type WatchErrorsEvent",
      "type WatchStoresParameters",
      "WireParseError",
      "type WireParseErrorType",
      "type WireParseReason",
      "type WireUpdate",
      "applyUpdate",
      "applyUpdates",
      "buildSyncDel",
      "buildSyncSet",
      "createChatSync",
      "createChatSyncSession",
      "createPayloadId",
      "createSigner",
      "deleteStoreValue",
      "deleteStoreValueMutationOptions",
      "deriveStoreKeys",
      "emptyStoreState",
      "getStoreView",
      "getSyncMessage",
      "isSyncId",
      "isUserRejection",
      "parseAccount",
      "parseStoreValue",
      "parseSyncRequest",
      "recoverPersonalSignAddress",
      "setStoreValue",
      "setStoreValueMutationOptions",
      "storePath",
      "watchErrors",
      "watchStores",
    ]
  `)
})
