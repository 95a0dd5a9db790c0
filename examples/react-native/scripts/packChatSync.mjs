// Packs the workspace's @chatsync/core and @chatsync/react (built: run `pnpm build` at the repository
// root first) into vendor/, where this app's package.json takes them from, as `npm install` then does.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const app = join(dirname(fileURLToPath(import.meta.url)), '..')
const packages = join(app, '../../packages')
const vendor = join(app, 'vendor')
mkdirSync(vendor, { recursive: true })
for (const name of ['core', 'react']) {
  const out = mkdtempSync(join(tmpdir(), 'chatsync-pack-'))
  execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: join(packages, name), stdio: 'ignore' })
  const [tarball] = readdirSync(out)
  renameSync(join(out, tarball), join(vendor, `chatsync-${name}.tgz`))
  rmSync(out, { recursive: true, force: true })
  console.log(`vendor/chatsync-${name}.tgz`)
}
