import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { expect, test } from 'vitest'
import * as core from './index.js'
import * as internal from './internal.js'

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

test('exports: the protocol layer is reachable from the public or the internal entry', () => {
  const names = [...Object.keys(core), ...Object.keys(internal)]
  expect(
    [
      'BaseError',
      'CHAT_STORES',
      'CHAT_STORE_IDS',
      'InvalidAccountError',
      'InvalidSignatureError',
      'InvalidStoreNameError',
      'InvalidStoreUpdateError',
      'PayloadValidationError',
      'STORE_PATH_PREFIX',
      'SYNC_PUBLISH_OPTIONS',
      'WireParseError',
      'applyUpdate',
      'applyUpdates',
      'buildSyncDel',
      'buildSyncSet',
      'createPayloadId',
      'deriveStoreKeys',
      'emptyLwwMap',
      'getSyncMessage',
      'isSyncId',
      'parseAccount',
      'parseStoreValue',
      'parseSyncRequest',
      'storePath',
    ].filter((name) => !names.includes(name)),
  ).toEqual([])
})

test.each([
  ['@chatsync/core', 'index.ts', core],
  ['@chatsync/core/internal', 'internal.ts', internal],
])(
  'exports: %s has exactly these names (an export added or removed must update its list)',
  (_, file, module) => {
    const names = exportList(join(import.meta.dirname, file))
    // The list read from the source is what the module exports at run time, plus its types.
    expect(names.filter((name) => !name.startsWith('type '))).toEqual(Object.keys(module).sort())
    expect(names).toMatchSnapshot()
  },
)
