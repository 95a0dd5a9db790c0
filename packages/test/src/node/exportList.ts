import { readFileSync } from 'node:fs'
import ts from 'typescript'

/**
 * Every name `file` exports, sorted, type-only ones as `type Name`. A statement that exports in another
 * form (`export *`, `export const …`) is listed as its text, so it shows up in the snapshot too.
 */
export function exportList(file: string): string[] {
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
