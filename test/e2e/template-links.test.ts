import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTemplates } from '../../src/domain/templates/catalog';
import { browserAvailable, launchBrowser, personContext } from '../helpers/browser';
import { publishTemplatePage, setUpOwner, type Client } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

/** Every link a visitor can follow on a page, as the browser resolved it. */
async function linksOn(browser: Browser, url: string) {
  const context = await personContext(browser);
  const page = await context.newPage();
  await page.goto(url);
  const links = await page.$$eval('a[href]', (as) =>
    as.map((a) => {
      const href = a.getAttribute('href')!;
      const target = href.startsWith('#') ? document.getElementById(href.slice(1)) : null;
      return { href, resolved: (a as HTMLAnchorElement).href, anchorFound: target !== null };
    }),
  );
  await context.close();
  return links;
}

/**
 * Every address the browser asks for while a visitor reads the whole page, scrolling to its
 * end (lazy images included), without clicking anything.
 */
async function requestsBeforeAnyClick(browser: Browser, url: string) {
  const context = await personContext(browser);
  const requested: string[] = [];
  context.on('request', (r) => requested.push(r.url()));
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'networkidle' });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y <= height; y += 600) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(60);
  }
  await page.waitForLoadState('networkidle');
  await context.close();
  return requested;
}

describe.runIf(browserAvailable)("every template's links lead somewhere", () => {
  let server: TestServer;
  let browser: Browser;
  let owner: Client;
  beforeAll(async () => {
    server = await startServer();
    owner = await setUpOwner(server.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(listTemplates().map((t) => t.id))(
    '%s: no link on the page or its thank-you 404s',
    async (id) => {
      const { slug } = await publishTemplatePage(owner, id);
      const origin = new URL(server.url).origin;
      const links = [
        ...(await linksOn(browser, `${server.url}/p/${slug}`)),
        ...(await linksOn(browser, `${server.url}/p/${slug}/thanks`)),
      ];
      expect(links.length).toBeGreaterThan(2);
      // The consent checkbox's and footer's privacy links are among them.
      expect(links.some((l) => l.resolved === `${origin}/p/${slug}/privacy`)).toBe(true);
      for (const link of links) {
        if (link.href.startsWith('#')) {
          expect(link.anchorFound, `${id}: ${link.href} names no section`).toBe(true);
          continue;
        }
        const url = new URL(link.resolved);
        if (url.protocol === 'mailto:' || url.protocol === 'tel:') continue;
        expect(url.protocol, `${id}: ${link.href}`).toMatch(/^https?:$/);
        // Off-site addresses cannot be reached from here: they must at least not be ours.
        if (url.origin !== origin) continue;
        const res = await fetch(url, { redirect: 'manual' });
        expect(res.status, `${id}: ${link.href}`).toBe(200);
      }
    },
  );

  // Issue 29.2: the Video block's poster came from YouTube's image host on every view.
  it.each(listTemplates().map((t) => t.id))(
    '%s: nothing is fetched from another origin before the visitor clicks',
    async (id) => {
      const { slug } = await publishTemplatePage(owner, id);
      const origin = new URL(server.url).origin;
      const requested = await requestsBeforeAnyClick(browser, `${server.url}/p/${slug}`);
      expect(requested.length).toBeGreaterThan(1);
      expect(
        requested.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin),
      ).toEqual([]);
    },
  );
});
