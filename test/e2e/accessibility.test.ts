import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTemplates } from '../../src/domain/templates/catalog';
import { seriousA11yFindings } from '../helpers/axe';
import {
  browserAvailable,
  screenshotPath,
  launchBrowser,
  personContext,
  signedInContext,
} from '../helpers/browser';
import { readDb } from '../helpers/db-file';
import {
  DEMO_ANSWERS,
  OWNER,
  postLead,
  publishTemplatePage,
  setUpOwner,
  type Client,
} from '../helpers/http-session';
import { addEndpoint, INTEGRATIONS } from '../helpers/integrations';
import { routesUnder } from '../helpers/routes';
import { startServer, type TestServer } from '../helpers/server';

/**
 * axe-core over every admin page (found from src/pages, with real ids and demo data) and
 * every template as published: no serious or critical violations, at desktop and phone
 * width.
 */
describe.runIf(browserAvailable)('accessibility (axe-core in Chromium)', () => {
  let server: TestServer;
  let owner: Client;
  let browser: Browser;
  let signedIn: BrowserContext;
  const slugs = new Map<string, string>();
  const ids = { page: '', lead: '', endpoint: '' };

  beforeAll(async () => {
    // Internal targets allowed: the endpoint below points at a closed local port.
    server = await startServer({ WEBHOOKS_ALLOW_INTERNAL: '1', SIGNUP: 'open' });
    owner = await setUpOwner(server.url);
    for (const t of listTemplates()) {
      const { slug, pageId } = await publishTemplatePage(owner, t.id);
      slugs.set(t.id, slug);
      if (t.id === 'b2b-demo-request') {
        ids.page = pageId;
        await postLead(server.url, slug, DEMO_ANSWERS);
        await postLead(server.url, slug, {
          ...DEMO_ANSWERS,
          email: 'casey@globex.com',
          name: 'Casey <b>Bold</b>',
          timeline: 'Later this year',
        });
      }
    }
    ids.lead = readDb<{ id: string }>(server.dataDir, 'select id from leads limit 1')[0]!.id;
    // An endpoint with one delivery in its log (refused by the closed port, so retrying).
    ids.endpoint = (await addEndpoint(owner, 'http://127.0.0.1:9/hooks')).id;
    await owner.page(INTEGRATIONS);
    await owner.post(INTEGRATIONS, { _action: 'test', endpoint: ids.endpoint });
    browser = await launchBrowser();
    signedIn = await signedInContext(browser, server.url, OWNER);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const adminRoutes = routesUnder('admin', '{id}').filter(
    (r) => !/\.(json|csv)$/.test(r) && !['/admin/logout', '/admin/setup'].includes(r),
  );

  it.each(adminRoutes)('admin page %s', async (route) => {
    const id = route.includes('/leads/')
      ? ids.lead
      : route.includes('/integrations/')
        ? ids.endpoint
        : route.includes('/pages/new/')
          ? 'b2b-demo-request'
          : ids.page;
    const path = route.replace('{id}', id);
    const context = route === '/admin/login' ? await personContext(browser) : signedIn;
    for (const width of [1280, 360]) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      const res = await page.goto(`${server.url}${path}`);
      // Without a token the reset page is the "this link has expired" page, answered 410.
      if (route === '/admin/reset-password') expect(res?.status(), path).toBe(410);
      else expect(res?.status(), path).toBeLessThan(400);
      expect(await seriousA11yFindings(page), `${path} at ${width} px`).toEqual([]);
      // Nothing pushes the page sideways on a phone (WCAG 1.4.10, reflow).
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBe(width);
      await page.close();
    }
    if (context !== signedIn) await context.close();
  });

  it.each(listTemplates().map((t) => t.id))('published template %s', async (id) => {
    const context = await personContext(browser);
    for (const width of [1280, 375, 360]) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${server.url}/p/${slugs.get(id)}`);
      expect(await seriousA11yFindings(page), `${id} at ${width} px`).toEqual([]);
      // Looked at by people: every template, with its illustration and fonts, at both sizes.
      if (width !== 360) {
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: screenshotPath(`template-${id}-${width}`), fullPage: true });
      }
      await page.close();
    }
    await context.close();
  });

  it('sign-up, the 404 page and an invitation', async () => {
    const context = await personContext(browser);
    for (const path of [
      '/signup',
      '/p/no-such-page',
      '/invite/not-a-real-invitation-token-000000',
    ]) {
      const page = await context.newPage();
      await page.goto(`${server.url}${path}`);
      expect(await seriousA11yFindings(page), path).toEqual([]);
      await page.close();
    }
    await context.close();
  });
});
