import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, personContext, screenshotPath } from '../helpers/browser';
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

  it('adds a field with a meaning, makes it required, publishes, and scoring reads the answer', async () => {
    const context = await personContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/login`);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin');
    await page.goto(server.url + editPath);

    await openSection(page, 'Form');
    await page.getByRole('button', { name: '+ Add field' }).click();
    const last = `doc-blocks-${FORM}-props-form-fields-8`;
    await page.locator(`#${last}-label`).fill('Annual budget');
    await page.locator(`#${last}-meaning`).selectOption('budget');
    await page.locator(`#${last}-required`).check();
    await page.locator(`#${last}-maxLength`).fill('40');
    // A second custom question, made a dropdown: its name and first option come with it.
    await page.getByRole('button', { name: '+ Add field' }).click();
    const second = `doc-blocks-${FORM}-props-form-fields-9`;
    await page.locator(`#${second}-label`).fill('Rollout');
    await page.locator(`#${second}-type`).selectOption('select');
    await page.locator(`#${second}-options-0`).fill('This quarter');
    await page.getByRole('button', { name: '+ Add option' }).last().click();
    await page.locator(`#${second}-options-1`).fill('Later');
    expect(await page.locator(`#${last}-name`).inputValue()).toBe('annual_budget');
    expect(await page.locator(`#${second}-name`).inputValue()).toBe('rollout');
    await expect
      .poll(() => page.locator('.save-state').textContent())
      .toContain('All changes saved');
    await page.screenshot({ path: screenshotPath('editor-form-builder'), fullPage: false });
    await page.getByRole('button', { name: 'Publish changes' }).click();
    await page.waitForURL(/saved=published/);

    const visitor = await personContext(browser);
    const v = await visitor.newPage();
    await v.goto(`${server.url}/p/${slug}`);
    const budget = v.getByLabel('Annual budget');
    expect(await budget.getAttribute('required')).not.toBeNull();
    expect(await budget.getAttribute('maxlength')).toBe('40');
    await v.getByLabel('Full name').fill('Dana Whitfield');
    await v.getByLabel('Work email').fill('dana@lumenbank.com');
    await v.getByLabel('Company').fill('Lumen Bank');
    await v.getByLabel(/I agree that Tallyhawk/).check();
    await v.getByRole('button', { name: 'Request my demo' }).click();
    expect(await v.locator(`#demo-form-annual_budget-error`).textContent()).toBe(
      'Annual budget is required.',
    );
    await budget.fill('$20k–$50k');
    await v.getByLabel('Rollout').selectOption('This quarter');
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
