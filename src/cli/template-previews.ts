/**
 * `npm run templates:previews`: a preview image of every template, made from its real
 * render. Starts the built server on a scratch data folder, publishes each template as an
 * owner would, and photographs the top of the page in headless Chromium (Debian's, as the
 * tests use) into public/templates/<id>.jpg for the gallery.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

import { listTemplates } from '../domain/templates/catalog';
import { publishTemplatePage, setUpOwner } from '../../test/helpers/http-session';
import { CHROMIUM, launchBrowser } from '../../test/helpers/browser';
import { startServer } from '../../test/helpers/server';

const out = resolve(import.meta.dirname, '../../public/templates');
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launchBrowser().catch((error: unknown) => {
  throw new Error(`Chromium at ${CHROMIUM} is needed (apt-get install chromium): ${String(error)}`);
});
try {
  const owner = await setUpOwner(server.url);
  // Desktop layout, drawn at half scale: a sharp 640 × 400 card image.
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 0.5,
  });
  for (const t of listTemplates()) {
    const { slug } = await publishTemplatePage(owner, t.id);
    await page.goto(`${server.url}/p/${slug}`, { waitUntil: 'load' });
    await page.screenshot({ path: resolve(out, `${t.id}.jpg`), type: 'jpeg', quality: 78 });
    console.log(`public/templates/${t.id}.jpg`);
  }
} finally {
  await browser.close();
  await server.stop();
}
