import { appendFileSync } from 'node:fs'

/**
 * Prints one figure of a reliability scenario as a `[figure]` console line, and appends it as a JSON
 * line to the file named by `CHATSYNC_FIGURES_FILE` when set (what `scripts/reliability.mjs` collects).
 */
export function printFigure(scenario: string, name: string, value: string | number) {
  console.log(`[figure] ${scenario} | ${name} | ${value}`)
  const file = process.env.CHATSYNC_FIGURES_FILE
  if (file) appendFileSync(file, `${JSON.stringify({ scenario, name, value })}\n`)
}
