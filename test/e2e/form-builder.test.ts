import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, personContext, screenshotPath } from '../helpers/browser';
import { seriousA11yFindings } from '../helpers/axe';
import { openSection } from '../helpers/editor';
import { OWNER, publishTemplatePage, setUpOwner } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';
import { findTemplate } from '../../src/domain/templates/catalog';

/** Where the demo template's form block sits: the editor names its inputs by position. */
const FORM = findTemplate('b2b-demo-request')!.document.blocks.findIndex((b) => b.type === 'form');

describe.runIf(browserAvailable)('building a form in the page editor', () => {
  let server: TestServer;
  let browser: Browser;
  let editPath: string;
  let slug: string;
  beforeAll(async () => {
    server = await startServer();
    ({ editPath, slug } = await publishTemplatePage(await setUpOwner(server.url)));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds two fields from the cards, reorders them by keyboard and by drag, sets a meaning, and scoring reads the answer', async () => {
    const context = await personContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/login`);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin');
    await page.goto(server.url + editPath);

    const form = await openSection(page, 'Form');
    const fieldsPath = `doc-blocks-${FORM}-props-form-fields`;
    const headings = () =>
      form
        .locator(`[id^="${fieldsPath}-"] .item-title`)
        .evaluateAll((els) => els.map((e) => e.textContent));
    // The fields read as a compact list headed by their labels, every one folded.
    expect(await headings()).toContain('Work email');
    expect(await form.locator('.editor-item-body:not([hidden])').count()).toBe(0);
    expect(await form.locator(`#${fieldsPath}-0-type option:checked`).textContent()).toBe(
      'Short text',
    );

    // Two fields from the cards: each opens as it is added, the one before folds.
    await form.getByRole('button', { name: /^Short text/ }).click();
    const budget = `${fieldsPath}-8`;
    await page.locator(`#${budget}-label`).fill('Annual budget');
    await page.locator(`#${budget}-meaning`).selectOption({ label: 'Budget' });
    await page.locator(`#${budget}-required`).check();
    await page.locator(`#${budget}-maxLength`).fill('40');
    await form.getByRole('button', { name: /^Dropdown/ }).click();
    const rollout = `${fieldsPath}-9`;
    expect(await page.locator(`#${budget}-label`).isVisible()).toBe(false);
    await page.locator(`#${rollout}-label`).fill('Rollout');
    // A dropdown shows options and no length limits; its first options came with the card.
    expect(await page.locator(`#${rollout}-maxLength`).count()).toBe(0);
    await page.locator(`#${rollout}-options-0`).fill('Within weeks');
    expect(await page.locator(`#${budget}-name`).inputValue()).toBe('annual_budget');
    expect(await page.locator(`#${rollout}-name`).inputValue()).toBe('rollout');
    expect((await headings()).slice(-2)).toEqual(['Annual budget', 'Rollout']);

    // Reordered by keyboard: Rollout moves above Annual budget, its focus kept.
    const up = form.getByRole('button', { name: 'Move up: Field 10: Rollout' });
    await up.focus();
    await page.keyboard.press('Enter');
    expect((await headings()).slice(-2)).toEqual(['Rollout', 'Annual budget']);
    // …and by drag: Annual budget dragged back above Rollout (folded, both heads in view).
    await page.locator(`#${fieldsPath}-8-item .item-toggle`).click();
    await form
      .locator(`#${fieldsPath}-9-item .drag-handle`)
      .dragTo(form.locator(`#${fieldsPath}-8-item`));
    await expect
      .poll(async () => (await headings()).slice(-2))
      .toEqual(['Annual budget', 'Rollout']);
    await expect
      .poll(() => page.locator('.save-state').textContent())
      .toContain('All changes saved');
    await page.locator(`#${fieldsPath}-8-item .item-toggle`).click();
    await page.screenshot({ path: screenshotPath('editor-form-builder'), fullPage: false });
    await form.screenshot({ path: screenshotPath('editor-form-builder-cards') });
    expect(await seriousA11yFindings(page)).toEqual([]);
    await page.getByRole('button', { name: 'Publish changes' }).click();
    await page.waitForURL(/saved=published/);

    const visitor = await personContext(browser);
    const v = await visitor.newPage();
    await v.goto(`${server.url}/p/${slug}`);
    const budgetField = v.getByLabel('Annual budget');
    expect(await budgetField.getAttribute('required')).not.toBeNull();
    expect(await budgetField.getAttribute('maxlength')).toBe('40');
    await v.getByLabel('Full name').fill('Dana Whitfield');
    await v.getByLabel('Work email').fill('dana@lumenbank.com');
    await v.getByLabel('Company').fill('Lumen Bank');
    await v.getByLabel(/I agree that Acme Inc may contact me/).check();
    await v.getByRole('button', { name: 'Request my demo' }).click();
    expect(await v.locator(`#demo-form-annual_budget-error`).textContent()).toBe(
      'Annual budget is required.',
    );
    await budgetField.fill('$20k–$50k');
    await v.getByLabel('Rollout').selectOption('Within weeks');
    await v.waitForTimeout(2_100);
    await v.getByRole('button', { name: 'Request my demo' }).click();
    await expect.poll(() => v.locator('.k-form-done').count()).toBe(1);

    await page.goto(`${server.url}/admin/leads`);
    await page.getByRole('link', { name: 'Dana Whitfield' }).click();
    expect(await page.getByTestId('breakdown').textContent()).toContain(
      'gave a budget: "$20k–$50k"',
    );
    await visitor.close();
    await context.close();
  });
});
