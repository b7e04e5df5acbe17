import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
export const serverEntry = join(root, 'dist/server/entry.mjs');
export const clientDir = join(root, 'dist/client');
const SOURCES = ['src', 'db', 'pages-templates', 'public', 'astro.config.mjs', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (max, name) => Math.max(max, newestMtime(join(path, name))),
    stat.mtimeMs,
  );
}

/** Runs `astro build` when there is no build or a source file is newer than it. */
export async function ensureBuilt(): Promise<void> {
  const built = existsSync(serverEntry) ? statSync(serverEntry).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  if (built > newest) return;
  console.log(
    built ? 'Sources changed since the last build: rebuilding…' : 'First start: building Kindling…',
  );
  const result = spawnSync(process.execPath, [join(root, 'node_modules/astro/astro.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('astro build failed');
}
