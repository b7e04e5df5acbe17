import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  personContext,
  signedInContext,
} from '../helpers/browser';
import { OWNER, publishTemplatePage, setUpOwner, type Client } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

/**
 * Published pages are written by marketers on a service anyone can sign up to: whatever
 * they type into a text, link or rich-text field must not run on the public page. Checked
 * in Chromium, where a script that runs would set window.__xss or open a dialog.
 */
const SCRIPTY = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '<svg onload="window.__xss=3"></svg>',
  '"><iframe srcdoc="<script>parent.__xss=4</script>"></iframe>',
  '<a href="javascript:window.__xss=5">click</a>',
  '<p onclick="window.__xss=6" style="background:url(javascript:window.__xss=7)">styled</p>',
].join(' ');

describe.runIf(browserAvailable)('marketer content on a published page', () => {
  let server: TestServer;
  let owner: Client;
  let browser: Browser;
  let api: string;
  let draft: { title: string; slug: string; revision: number; document: Record<string, any> };
  beforeAll(async () => {
    server = await startServer();
    owner = await setUpOwner(server.url);
    const { pageId } = await publishTemplatePage(owner);
    api = `/api/admin/pages/${pageId}`;
    draft = ((await (await owner.request(api)).json()) as { page: typeof draft }).page;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const save = (document: unknown, revision = draft.revision) =>
    owner.request(api, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': owner.csrf },
      body: JSON.stringify({ title: draft.title, slug: draft.slug, revision, document }),
    });

  it('refuses javascript: and other unsafe links with the field named', async () => {
    const doc = structuredClone(draft.document);
    const hero = doc.blocks.findIndex((b: { type: string }) => b.type === 'hero');
    doc.blocks[hero].props.ctaHref = 'javascript:alert(1)';
    const res = await save(doc);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { message: string; fields: object } };
    expect(Object.keys(body.error.fields)).toContain(`blocks.${hero}.props.ctaHref`);
  });

  it('shows script-like text as text and strips it from rich text; nothing runs', async () => {
    const doc = structuredClone(draft.document);
    const hero = doc.blocks.find((b: { type: string }) => b.type === 'hero');
    hero.props.headline = `Headline ${SCRIPTY}`.slice(0, 120);
    hero.props.subheadline = SCRIPTY;
    doc.seo.title = '</title><script>window.__xss=8</script>';
    doc.blocks.splice(1, 0, {
      id: 'prose',
      type: 'richText',
      props: {
        heading: SCRIPTY.slice(0, 120),
        body: `<p>Safe <strong>bold</strong></p>${SCRIPTY}`,
      },
    });
    const saved = await save(doc);
    expect(saved.status, await saved.clone().text()).toBe(200);
    const { revision } = (await saved.json()) as { revision: number };
    const published = await owner.post(`${api.replace('/api', '')}/edit`, {
      _action: 'publish',
      revision: String(revision),
    });
    expect(published.status).toBe(303);

    const context = await personContext(browser);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}/p/${draft.slug}`);
    await page.waitForTimeout(500);
    await page
      .locator('[data-block-id=prose] a')
      .first()
      .click()
      .catch(() => undefined);
    await page
      .locator('[data-block-id=prose] p')
      .last()
      .click()
      .catch(() => undefined);
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    expect(dialogs).toEqual([]);
    // The text fields show the markup as text.
    expect(await page.locator('h1').textContent()).toContain('<script>window.__xss=1</script>');
    expect(await page.title()).toBe('</title><script>window.__xss=8</script>');
    // Rich text keeps its formatting and loses everything else.
    const prose = page.locator('[data-block-id=prose]');
    expect(await prose.locator('strong').first().textContent()).toBe('bold');
    const found = await page.evaluate(() => ({
      scripts: [...document.scripts].filter((s) => !s.src.includes('/_astro/')).length,
      handlers: [...document.querySelectorAll('*')].filter((el) =>
        [...el.attributes].some((a) => a.name.startsWith('on')),
      ).length,
      jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
      frames: document.querySelectorAll('iframe').length,
      styled: document.querySelectorAll('[data-block-id=prose] [style]').length,
    }));
    expect(found).toEqual({ scripts: 0, handlers: 0, jsLinks: 0, frames: 0, styled: 0 });
    await context.close();
  });

  it('runs nothing in the editor either, where a teammate opens the same content', async () => {
    const context = await signedInContext(browser, server.url, OWNER);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}${api.replace('/api', '')}/edit`);
    const prose = page.locator('details', {
      has: page.locator('summary', { hasText: /^\s*Text\s*$/ }),
    });
    await prose.locator('summary').click();
    const surface = prose.getByRole('textbox', { name: 'Text' });
    await surface.click();
    await page.waitForTimeout(500);
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    expect(dialogs).toEqual([]);
    // The rich text shows its formatting, as sanitised when it was saved; the text fields
    // hold the markup as text.
    expect(await surface.locator('strong').first().textContent()).toBe('bold');
    expect(await surface.locator('img, svg, iframe, script, [onclick]').count()).toBe(0);
    expect(await page.getByLabel('Headline', { exact: true }).first().inputValue()).toContain(
      '<script>window.__xss=1</script>',
    );
    await context.close();
  });
});
