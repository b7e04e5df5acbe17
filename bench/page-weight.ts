/**
 * Page weight of every template as served (issue 3): the bytes a first-time visitor's
 * browser downloads for the page itself, its stylesheets and its scripts, compressed as the
 * server sends them (brotli, and gzip beside it), images and fonts apart. Goal: at most
 * 40 KB in all without them and at most 6 KB of JavaScript gzipped; beside it, the weight
 * with the template's web fonts (every face it declares) and its images.
 */
import { request } from 'node:http';
import { listTemplates } from '../src/domain/templates/catalog';
import { publishTemplatePage, setUpOwner } from '../test/helpers/http-session';
import { startServer } from '../test/helpers/server';
import { writeSection } from './results-file';

const KB = 1024;
const GOAL_TOTAL = 40 * KB;
const GOAL_JS_GZ = 6 * KB;

/** The transferred size of a response for an Accept-Encoding, and its body when it is HTML. */
function fetchRaw(base: string, path: string, encoding: 'br' | 'gzip') {
  const { hostname, port } = new URL(base);
  return new Promise<{ bytes: number; encoding: string; text: string }>((resolve, reject) => {
    const req = request(
      { hostname, port, path, headers: { 'accept-encoding': encoding } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            bytes: body.length,
            encoding: String(res.headers['content-encoding'] ?? 'identity'),
            text: res.headers['content-encoding'] ? '' : body.toString('utf8'),
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const server = await startServer();
try {
  const owner = await setUpOwner(server.url);
  const rows: string[] = [];
  let worst = { total: 0, js: 0 };
  for (const t of listTemplates()) {
    const { slug } = await publishTemplatePage(owner, t.id);
    const path = `/p/${slug}`;
    // The first view renders and remembers the page; visitors after it get the bytes below.
    const html =
      (await fetchRaw(server.url, path, 'gzip')).text ||
      (await (await fetch(server.url + path)).text());
    const assets = [
      ...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g),
      ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
    ].map((m) => m[1]!);
    const size = async (p: string) => ({
      br: await fetchRaw(server.url, p, 'br'),
      gz: await fetchRaw(server.url, p, 'gzip'),
    });
    const page = await size(path);
    const files = await Promise.all(assets.map(async (a) => ({ path: a, ...(await size(a)) })));
    const css = files.filter((f) => f.path.endsWith('.css'));
    const js = files.filter((f) => f.path.endsWith('.js'));
    const sum = (xs: typeof files, k: 'br' | 'gz') => xs.reduce((n, f) => n + f[k].bytes, 0);
    const total = page.br.bytes + sum(css, 'br') + sum(js, 'br');
    const totalGz = page.gz.bytes + sum(css, 'gz') + sum(js, 'gz');
    const jsGz = sum(js, 'gz');
    const fontPaths = [
      ...new Set([...html.matchAll(/url\((\/_astro\/[^)]+\.woff2)\)/g)].map((m) => m[1]!)),
    ];
    const imagePaths = [
      ...new Set([...html.matchAll(/<img[^>]+src="(\/[^"]+)"/g)].map((m) => m[1]!)),
    ];
    const extra = await Promise.all(
      [...fontPaths, ...imagePaths].map((p) => fetchRaw(server.url, p, 'br')),
    );
    const fontBytes = extra.slice(0, fontPaths.length).reduce((n, f) => n + f.bytes, 0);
    const imageBytes = extra.slice(fontPaths.length).reduce((n, f) => n + f.bytes, 0);
    worst = { total: Math.max(worst.total, totalGz), js: Math.max(worst.js, jsGz) };
    const encodings = [page.br.encoding, ...files.map((f) => f.br.encoding)];
    rows.push(
      `| ${t.name} | ${(page.br.bytes / KB).toFixed(1)} | ${(sum(css, 'br') / KB).toFixed(1)} | ${(sum(js, 'br') / KB).toFixed(1)} (${js.length} files) | **${(total / KB).toFixed(1)}** | ${(totalGz / KB).toFixed(1)} | ${(jsGz / KB).toFixed(1)} | ${(fontBytes / KB).toFixed(1)} (${fontPaths.length} faces) | ${(imageBytes / KB).toFixed(1)} | ${((total + fontBytes + imageBytes) / KB).toFixed(1)} | ${[...new Set(encodings)].join(', ')} |`,
    );
  }
  const md = `## Page weight per template (issue 3)

Command: \`npm run bench -- page-weight\` (each template published as it ships; bytes on the wire for a first visit, after the page's first render; the totals exclude fonts and images, which have columns of their own)

| template | HTML KB (br) | CSS KB (br) | JS KB (br) | total KB (br) | total KB (gzip) | JS KB (gzip) | web fonts KB (woff2) | images KB (br) | with fonts and images KB | encodings served |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Goals: at most 40 KB in all (without fonts and images) and 6 KB of JavaScript gzipped. The fonts column counts every face the page declares; a browser fetches only the faces its text uses, the heading face first (preloaded), and shows system text until each arrives (\`font-display: swap\`). Heaviest here: ${(worst.total / KB).toFixed(1)} KB in all (gzip) and ${(worst.js / KB).toFixed(1)} KB of JavaScript (gzip). Measured ${new Date().toISOString().slice(0, 10)}.`;
  writeSection('page-weight', md);
  console.log(md);
  if (worst.total > GOAL_TOTAL || worst.js > GOAL_JS_GZ)
    throw new Error('a template is over its weight goal');
} finally {
  await server.stop();
}
