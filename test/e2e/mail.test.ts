import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  personContext,
  screenshotPath,
  signedInContext,
} from '../helpers/browser';
import {
  DEMO_ANSWERS,
  OWNER,
  postLead,
  publishTemplatePage,
  setUpOwner,
  signIn,
} from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

const NEW_PASSWORD = 'my-fresh-password-9';

describe.runIf(browserAvailable)('mail in Chromium', () => {
  let browser: Browser;
  let smtp: TestSmtp;
  let withSmtp: TestServer;
  let withoutSmtp: TestServer;
  beforeAll(async () => {
    smtp = await startSmtp();
    [withSmtp, withoutSmtp] = await Promise.all([
      startServer({ SMTP_URL: smtp.url }),
      startServer(),
    ]);
    await Promise.all([setUpOwner(withSmtp.url), setUpOwner(withoutSmtp.url)]);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([withSmtp?.stop(), withoutSmtp?.stop()]);
    await smtp?.close();
  });

  it('resets a forgotten password end to end, with the link from the mail', async () => {
    const context = await personContext(browser);
    const page = await context.newPage();
    await page.goto(`${withSmtp.url}/admin/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByRole('button', { name: 'Mail me a link' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('If an account uses that address');
    const [mail] = await smtp.waitFor(1);
    const link = /(http\S+\/admin\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(mail!.text!)![1]!;
    await page.goto(link.replace(/^http:\/\/[^/]+/, withSmtp.url));
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.waitForURL(/\/admin\/login\?reset=1$/);
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('Your new password is set');
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${withSmtp.url}/admin`);
    await context.close();
  });

  it('renders the hot-lead alert at phone width, readable, with nothing fetched', async () => {
    const owner = await signIn(withSmtp.url, OWNER.email, NEW_PASSWORD);
    const { slug } = await publishTemplatePage(owner);
    const before = smtp.received.length;
    expect((await postLead(withSmtp.url, slug, DEMO_ANSWERS)).status).toBe(200);
    const mails = await smtp.waitFor(before + 1);
    const alert = mails.slice(before).find((m) => m.subject?.startsWith('Hot lead'))!;
    const context = await personContext(browser, { viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent(alert.html as string);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByRole('link', { name: 'Open the lead' }).isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('mail-hot-lead-360'), fullPage: true });
    expect(requests).toEqual([]); // no remote images, fonts or trackers
    await context.close();
  });

  it('lists kept mails on the Outgoing mail page when SMTP is not set', async () => {
    const owner = await signIn(withoutSmtp.url, OWNER.email, OWNER.password);
    const { slug } = await publishTemplatePage(owner);
    expect((await postLead(withoutSmtp.url, slug, DEMO_ANSWERS)).status).toBe(200);
    const context = await signedInContext(browser, withoutSmtp.url, OWNER);
    const page = await context.newPage();
    await page.goto(`${withoutSmtp.url}/admin/settings`);
    await page.getByRole('link', { name: 'Outgoing mail' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('Mail is not delivered');
    const item = page
      .locator('.mail-list li')
      .filter({ hasText: 'Hot lead: Jordan Lee, Northwind' });
    await expect
      .poll(async () => {
        await page.reload();
        return item.count();
      })
      .toBe(1);
    await item.locator('summary').click();
    expect(await item.locator('pre').textContent()).toContain('Why hot');
    await page.setViewportSize({ width: 360, height: 740 });
    await page.screenshot({ path: screenshotPath('outgoing-mail-360'), fullPage: true });
    await context.close();
  });
});
