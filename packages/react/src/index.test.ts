import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { expect, test } from 'vitest'
import * as react from './index.js'

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
  expect(names.filter((name) => !name.startsWith('type '))).toEqual(Object.keys(react).sort())
  expect(names).toMatchInlineSnapshot(`
    [
      "ChatSyncContext",
      "type ChatSyncContextValue",
      "ChatSyncProvider",
      "ChatSyncProviderNotFoundError",
      "type ChatSyncProviderNotFoundErrorType",
      "type ChatSyncProviderProps",
      "type NoSelect",
      "type StoreWrites",
      "type UseChatSyncReturnType",
      "type UseInviteKeyParameters",
      "type UseInviteKeyReturnType",
      "type UseInviteKeysParameters",
      "type UseInviteKeysReturnType",
      "type UseReceivedInviteStatusParameters",
      "type UseReceivedInviteStatusReturnType",
      "type UseReceivedInviteStatusesParameters",
      "type UseReceivedInviteStatusesReturnType",
      "type UseSentInviteParameters",
      "type UseSentInviteReturnType",
      "type UseSentInvitesParameters",
      "type UseSentInvitesReturnType",
      "type UseStoreValuesParameters",
      "type UseStoreValuesReturnType",
      "type UseThreadParameters",
      "type UseThreadReturnType",
      "type UseThreadsParameters",
      "type UseThreadsReturnType",
      "useChatSync",
      "useInviteKey",
      "useInviteKeys",
      "useReceivedInviteStatus",
      "useReceivedInviteStatuses",
      "useSentInvite",
      "useSentInvites",
      "useThread",
      "useThreads",
    ]
  `)
})
