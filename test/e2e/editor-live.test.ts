import type { Browser, BrowserContext } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  screenshotPath,
  signedInContext,
} from '../helpers/browser';
import { addBlock, blockTitles, openSection, saveStateIs, section } from '../helpers/editor';
import { OWNER, setUpOwner } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

describe.runIf(browserAvailable)('live editing: autosave and the preview', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: BrowserContext;
  let editorUrl: string;

  beforeAll(async () => {
    server = await startServer();
    await setUpOwner(server.url);
    browser = await launchBrowser();
    admin = await signedInContext(browser, server.url, OWNER, {
      viewport: { width: 1440, height: 1000 },
    });
    const page = await admin.newPage();
    await page.goto(`${server.url}/admin/pages/new`);
    await page.getByRole('button', { name: 'Use this template: Product waitlist' }).click();
    await page.waitForURL(/\/admin\/pages\/[0-9a-f-]{36}\/edit$/);
    editorUrl = page.url();
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('saves as you type and redraws the preview through the public renderer', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    const status = page.locator('[data-save-state]');
    const preview = page.frameLocator('iframe[title="Preview of the draft"]');
    await page.getByLabel('Headline', { exact: true }).first().fill('Support that answers itself');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/All changes saved/);
    await expect
      .poll(() => preview.locator('h1').textContent(), { timeout: 10_000 })
      .toBe('Support that answers itself');

    await page.getByRole('button', { name: 'Phone' }).click();
    const width = await preview.locator('html').evaluate(() => window.innerWidth);
    expect(width).toBe(360);
    await page.screenshot({ path: screenshotPath('editor-live-phone'), fullPage: false });

    // Saved means saved: a reload shows it, and publishing carries it live.
    await page.reload();
    expect(await page.getByLabel('Headline', { exact: true }).first().inputValue()).toBe(
      'Support that answers itself',
    );
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.waitForURL(/saved=published/);
    const slug = await page.getByLabel('Address', { exact: true }).inputValue();
    const live = await (await fetch(`${server.url}/p/${slug}`)).text();
    expect(live).toContain('Support that answers itself');
    await page.close();
  });

  it('shows why a value cannot be saved, beside the field, and keeps it', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    const link = page.getByLabel('Button link').first();
    await link.fill('javascript:alert(1)');
    const status = page.locator('[data-save-state]');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^Not saved/);
    expect(await link.getAttribute('aria-invalid')).toBe('true');
    const why = page.locator(`#${await link.getAttribute('id')}-error`);
    expect(await why.textContent()).toMatch(/web address/);
    expect(await link.getAttribute('aria-describedby')).toContain(await why.getAttribute('id'));
    expect(await link.inputValue()).toBe('javascript:alert(1)');
    await link.fill('#waitlist');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/All changes saved/);
    expect(await page.locator('.field-error').count()).toBe(0);
    await page.close();
  });

  it('detects an edit from another tab instead of overwriting it', async () => {
    const first = await admin.newPage();
    const second = await admin.newPage();
    await first.goto(editorUrl);
    await second.goto(editorUrl);
    await first.getByLabel('Headline', { exact: true }).first().fill('From the first tab');
    await expect
      .poll(() => first.locator('[data-save-state]').textContent(), { timeout: 10_000 })
      .toMatch(/All changes saved/);
    await second.getByLabel('Headline', { exact: true }).first().fill('From the second tab');
    await expect
      .poll(() => second.locator('[data-save-state]').textContent(), { timeout: 10_000 })
      .toMatch(/changed in another tab/);
    expect(await second.getByLabel('Headline', { exact: true }).first().inputValue()).toBe(
      'From the second tab',
    );
    await first.reload();
    expect(await first.getByLabel('Headline', { exact: true }).first().inputValue()).toBe(
      'From the first tab',
    );
  });

  it('undoes and redoes what was typed, saving each step', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    const headline = page.getByLabel('Headline', { exact: true }).first();
    const before = await headline.inputValue();
    await headline.fill('A headline to take back');
    await saveStateIs(page);
    await page.getByRole('button', { name: 'Undo' }).click();
    expect(await headline.inputValue()).toBe(before);
    await saveStateIs(page);
    await page.reload();
    expect(await headline.inputValue()).toBe(before);
    // After a reload the history starts again; redo within one visit:
    await headline.fill('Once more');
    await saveStateIs(page);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Redo' }).click();
    expect(await headline.inputValue()).toBe('Once more');
    await page.close();
  });

  it("undoes changes to the page's structure too: a deleted block comes back", async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    const start = await blockTitles(page);
    await page.getByRole('button', { name: /^Delete: Hero/ }).click();
    expect(await blockTitles(page)).toEqual(start.slice(1));
    await saveStateIs(page);
    // Keyboard: Ctrl+Z outside a text field undoes the last step.
    await page.locator('h1').click();
    await page.keyboard.press('Control+z');
    expect(await blockTitles(page)).toEqual(start);
    await saveStateIs(page);
    await page.reload();
    expect(await blockTitles(page)).toEqual(start);
    await page.close();
  });

  it('reorders sections by drag and drop, with the mouse', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    await section(page, 'Hero').locator('summary').click(); // closed: the list is short
    const start = await blockTitles(page);
    // The last section before the footer is dragged by its handle onto the first.
    const last = start.length - 2;
    await page
      .locator(`[data-drag-block="${last}"]`)
      .dragTo(page.locator('details[data-block-index="0"] > summary'));
    await expect.poll(() => blockTitles(page)).not.toEqual(start);
    const moved = await blockTitles(page);
    expect(moved[0]).toBe(start[last]);
    expect(moved.slice(1, last + 1)).toEqual(start.slice(0, last));
    await saveStateIs(page);
    await page.reload();
    expect(await blockTitles(page)).toEqual(moved);
    await page.close();
  });

  it('applies a palette preset in one click, and puts an image beside the hero text', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    const status = page.locator('[data-save-state]');
    const preview = page.frameLocator('iframe[title="Preview of the draft"]');
    await openSection(page, 'Theme');
    await page.getByRole('button', { name: 'Teal' }).click();
    expect(await page.getByLabel('Primary colour').inputValue()).toBe('#0f766e');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/All changes saved/);
    await expect
      .poll(
        () =>
          preview
            .locator('html')
            .evaluate(() =>
              getComputedStyle(document.documentElement).getPropertyValue('--k-primary').trim(),
            ),
        { timeout: 10_000 },
      )
      .toBe('#0f766e');

    await openSection(page, 'Hero');
    await page.getByLabel(/^Image \(beside the text.*\)$/).fill('/blocks/image-placeholder.svg');
    await page.getByLabel('Image description for screen readers').fill('Quietdesk inbox');
    await page.getByLabel('Layout').first().selectOption('split');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/All changes saved/);
    await expect
      .poll(() => preview.locator('img.k-hero-image').getAttribute('alt'), { timeout: 10_000 })
      .toBe('Quietdesk inbox');
    await page.screenshot({ path: screenshotPath('editor-hero-split'), fullPage: false });
    await page.close();
  });

  it('uploads an image from an image field, shows its thumbnail, and the preview uses it', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    await addBlock(page, 'Image');
    const block = section(page, 'Image');
    const png = await sharp({
      create: { width: 1200, height: 700, channels: 3, background: '#0f766e' },
    })
      .png()
      .toBuffer();
    await block
      .getByLabel('Image: upload an image')
      .setInputFiles({ name: 'inbox.png', mimeType: 'image/png', buffer: png });
    const address = block.getByLabel('Image', { exact: true });
    await expect
      .poll(() => address.inputValue(), { timeout: 10_000 })
      .toMatch(/^\/assets\/[0-9a-f-]{36}\/original\.png$/);
    const url = await address.inputValue();
    expect(await block.locator('img.image-thumb').getAttribute('src')).toBe(url);
    await block.getByLabel('Description for screen readers').fill('The shared inbox');
    await saveStateIs(page);
    const preview = page.frameLocator('iframe[title="Preview of the draft"]');
    await expect
      .poll(() => preview.locator('[data-block=image] img').getAttribute('src'), {
        timeout: 10_000,
      })
      .toBe(url);
    // The upload joins the library every image field can choose from.
    await openSection(page, 'Search & sharing');
    await page
      .getByLabel(/^Social image .*: choose one of your images$/)
      .selectOption({ label: 'inbox.png (1200×700)' });
    expect(
      await page
        .getByLabel(/^Social image/)
        .first()
        .inputValue(),
    ).toBe(url);
    await page.screenshot({ path: screenshotPath('editor-image-upload'), fullPage: false });
    await page.close();
  });

  it('edits rich text as it will read, with a formatting toolbar, shown in the preview', async () => {
    const page = await admin.newPage();
    await page.goto(editorUrl);
    await addBlock(page, 'Text');
    const block = section(page, 'Text');
    const body = block.getByRole('textbox', { name: 'Text', exact: true });
    await body.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Replies in your tone.');
    // Select "your tone" and make it bold, then make the paragraph a list item.
    await body.evaluate((el) => {
      const text = el.querySelector('p')?.firstChild ?? el.firstChild!;
      const range = document.createRange();
      range.setStart(text, 11);
      range.setEnd(text, 20);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    const tools = block.getByRole('toolbar', { name: 'Format Text' });
    await tools.getByRole('button', { name: 'Bold' }).click();
    expect(await body.locator('b, strong').textContent()).toBe('your tone');
    await tools.getByRole('button', { name: 'List' }).click();
    await saveStateIs(page);
    await page.screenshot({ path: screenshotPath('editor-rich-text'), fullPage: false });
    const preview = page.frameLocator('iframe[title="Preview of the draft"]');
    await expect
      .poll(() => preview.locator('[data-block=richText] li :is(b, strong)').textContent(), {
        timeout: 10_000,
      })
      .toBe('your tone');
    // Pasted content arrives as text: no foreign markup is carried in.
    await body.click();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/html', '<img src=x onerror="window.__xss=1"><em>pasted</em>');
      data.setData('text/plain', 'pasted');
      document.activeElement!.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    expect(await body.innerHTML()).toContain('pasted');
    expect(await body.locator('img, em').count()).toBe(0);
    await page.close();
  });
});
