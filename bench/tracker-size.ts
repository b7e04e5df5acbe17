/**
 * The tracker's size as served (minified, gzipped), beside Plausible's and Umami's scripts
 * taken from npm in the same run: Plausible's ships minified; Umami's npm package ships its
 * tracker source, built here as Umami's own rollup.tracker.config.mjs does (an IIFE through
 * terser with `compress: { evaluate: false }`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';
import { ensureBuilt } from '../src/app/build-if-needed';
import { writeSection } from './results-file';

const UMAMI = 'umami@2.10.0';
const gz = (code: string | Buffer) => gzipSync(code, { level: 9 }).length;
const require = createRequire(import.meta.url);

async function umamiTracker(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-umami-'));
  try {
    execFileSync('npm', ['pack', UMAMI, '--silent', '--pack-destination', dir], { stdio: 'pipe' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir, 'package/src/tracker/index.js']);
    const source = readFileSync(join(dir, 'package/src/tracker/index.js'), 'utf8');
    const built = await minify(`(function () {\n${source}\n})();`, {
      compress: { evaluate: false },
    });
    return built.code!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await ensureBuilt();
const assets = resolve(import.meta.dirname, '../dist/client/_astro');
const file = (prefix: string) =>
  readFileSync(
    join(
      assets,
      readdirSync(assets).find((f) => f.startsWith(prefix) && f.endsWith('.js'))!,
    ),
  );
const ours = file('Tracker.astro_astro_type_script');
const form = file('Form.astro_astro_type_script');
// The package exports only its entry, which is the minified script itself.
const plausible = readFileSync(require.resolve('@plausible-analytics/tracker'));
const umami = await umamiTracker();

const rows = [
  [
    '**Kindling tracker**',
    ours.length,
    gz(ours),
    'visitor and visit ids (localStorage, cookie fallback), engaged time (visible + focused + active), scroll depth, blocks seen, CTA/link clicks with target (outbound decided by the server), landing URL (UTM read by the server), referrer, viewport (device class by the server); form steps arrive from the form script',
  ],
  [
    'Plausible (`@plausible-analytics/tracker` 0.4.6)',
    plausible.length,
    gz(plausible),
    'page views, custom events, outbound links, file downloads, engagement time',
  ],
  [
    `Umami (\`${UMAMI}\` src/tracker, built as its rollup config does)`,
    Buffer.byteLength(umami),
    gz(umami),
    'page views, custom events, referrer, screen, language',
  ],
] as const;
const md = `## Tracker size (issue 5)

Command: \`npm run bench -- tracker-size\` (gzip level 9 of the minified script as served)

| script | minified bytes | gzipped bytes | what it collects |
| --- | --- | --- | --- |
${rows.map(([name, raw, zipped, what]) => `| ${name} | ${raw} | ${zipped} | ${what} |`).join('\n')}

Goal: at most 2 KB (2,048 bytes) gzipped and no larger than the others. The form enhancement
(${form.length} bytes, ${gz(form)} gzipped, with form start / fields completed / submit / errors
for the tracker) ships only on pages with a form; together they are ${gz(ours) + gz(form)} bytes
gzipped (budget 6 KB). Both are minified by terser through Vite. Measured ${new Date().toISOString().slice(0, 10)}.`;
writeSection('tracker-size', md);
console.log(md);
const largest = Math.min(2048, gz(plausible), gz(umami));
if (gz(ours) > largest) throw new Error(`tracker is ${gz(ours)} bytes gzipped, over ${largest}`);
