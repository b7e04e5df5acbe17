import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousA11yFindings } from '../helpers/axe';
import {
  browserAvailable,
  launchBrowser,
  screenshotPath,
  signedInContext,
} from '../helpers/browser';
import {
  type Client,
  OWNER,
  publishTemplatePage,
  readDraft,
  saveDraftApi,
  setUpOwner,
} from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

/* A marketer tidying up: a page duplicated for the next campaign, the old one archived,
   an unused image deleted and a used one refused, all through the admin in Chromium. */

describe.runIf(browserAvailable)('page management in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let server: TestServer;
  let owner: Client;
  let pageId: string;
  beforeAll(async () => {
    server = await startServer();
    owner = await setUpOwner(server.url);
    ({ pageId } = await publishTemplatePage(owner));
    browser = await launchBrowser();
    context = await signedInContext(browser, server.url, OWNER);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const row = (page: Page, title: string) =>
    page.getByRole('row').filter({ has: page.getByRole('link', { name: title, exact: true }) });

  it('duplicates a page and archives the original', async () => {
    const { title, slug } = await readDraft(owner, pageId);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/pages`);
    await page.getByRole('button', { name: `Duplicate ${title}` }).click();
    await page.getByText('Copy made.').waitFor();
    await expect.poll(() => row(page, `Copy of ${title}`).count()).toBe(1);
    expect(await row(page, `Copy of ${title}`).textContent()).toContain('Draft');

    await page.getByRole('button', { name: `Archive ${title}`, exact: true }).click();
    await page.getByText('Page archived').waitFor();
    expect(await row(page, title).count()).toBe(0);
    expect((await fetch(`${server.url}/p/${slug}`)).status).toBe(404);
    await page.getByRole('link', { name: /Archived \(1\)/ }).click();
    expect(await row(page, title).count()).toBe(1);
    await page.screenshot({ path: screenshotPath('pages-archived-1280'), fullPage: true });

    // Rename and delete sit behind "More", the delete behind a confirmation.
    await page.goto(`${server.url}/admin/pages`);
    await row(page, `Copy of ${title}`).getByText('More').click();
    await page.screenshot({ path: screenshotPath('pages-more-1280'), fullPage: true });
    expect(await seriousA11yFindings(page)).toEqual([]);
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: screenshotPath('pages-more-360'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
    expect(await seriousA11yFindings(page)).toEqual([]);
    await page.close();
  });

  it('previews a template at full size before using it, and starts a blank page', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/pages/new`);
    await page.getByRole('link', { name: 'Preview Webinar registration' }).click();
    await page.getByRole('region', { name: 'Template preview' }).waitFor();
    // The whole page, every section, not the card's crop.
    expect(await page.locator('[data-block-id]').count()).toBeGreaterThan(3);
    await page.screenshot({ path: screenshotPath('template-preview-1280'), fullPage: false });
    await page.getByRole('button', { name: 'Use this template' }).click();
    await page.waitForURL(/\/admin\/pages\/[0-9a-f-]{36}\/edit$/);
    expect(await page.getByLabel('Page name (only you see it)').inputValue()).toBe(
      'Webinar registration',
    );

    await page.goto(`${server.url}/admin/pages/new`);
    await page.getByRole('button', { name: 'Start from scratch' }).click();
    await page.waitForURL(/\/admin\/pages\/[0-9a-f-]{36}\/edit$/);
    const sections = await page
      .locator('details[data-block-index] > summary')
      .evaluateAll((els) => els.map((e) => e.textContent!.trim()));
    expect(sections).toEqual(['Hero', 'Form', 'Footer']);
    await page.close();
  });

  it('deletes an unused image, and refuses a used one saying where', async () => {
    const png = (background: string) =>
      sharp({ create: { width: 900, height: 600, channels: 3, background } })
        .png()
        .toBuffer();
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/assets`);
    const uploadImage = async (name: string, colour: string) => {
      await page
        .getByLabel('Image')
        .setInputFiles({ name, mimeType: 'image/png', buffer: await png(colour) });
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.getByText('Uploaded.').waitFor();
      return new URL(page.url()).searchParams.get('uploaded')!;
    };
    await uploadImage('unused.png', '#334155');
    const used = await uploadImage('hero-shot.png', '#0f766e');

    const { pageId: heroPage } = await publishTemplatePage(owner);
    const draft = await readDraft(owner, heroPage);
    await owner.page('/admin/pages');
    const saved = await saveDraftApi(owner, heroPage, {
      ...draft,
      title: 'Launch page',
      document: {
        ...draft.document,
        blocks: [
          {
            id: 'shot',
            type: 'image',
            props: { src: `/assets/${used}/original.png`, alt: 'Shot' },
          },
          ...(draft.document.blocks as unknown[]),
        ],
      },
    });
    expect(saved.status).toBe(200);

    await page.getByRole('button', { name: 'Delete unused.png' }).click();
    await page.getByText('Deleted “unused.png”.').waitFor();
    expect(await page.getByText('unused.png', { exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Delete hero-shot.png' }).click();
    await page.getByRole('alert').filter({ hasText: 'the draft of “Launch page”' }).waitFor();
    expect(await page.getByText('hero-shot.png', { exact: true }).count()).toBe(1);
    await page.screenshot({ path: screenshotPath('assets-delete-refused-1280'), fullPage: true });
    expect(await seriousA11yFindings(page)).toEqual([]);
    await page.close();
  });
});
