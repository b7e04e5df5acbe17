import type { Browser, BrowserContext } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  launchBrowser,
  screenshotPath,
  signedInContext,
} from '../helpers/browser';
import { OWNER, setUpOwner } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';
import { startReceiver } from '../helpers/webhook-receiver';

describe.runIf(browserAvailable)('webhooks in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver([200]);
    server = await startServer({ WEBHOOKS_ALLOW_INTERNAL: '1' });
    await setUpOwner(server.url);
    browser = await launchBrowser();
    context = await signedInContext(browser, server.url, OWNER);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.stop();
  });

  it('an owner adds an endpoint, sees its secret once, sends a test event and finds it in the log', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/settings`);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('Endpoint address').fill(receiver.url);
    await page.getByLabel('Description (optional)').fill('Sales CRM');
    await page.getByRole('checkbox', { name: /lead\.tier_changed/ }).check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.screenshot({ path: screenshotPath('webhooks-secret-1280'), fullPage: true });

    await page.getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    const r = receiver.received[0]!;
    expect(
      (new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { type: string })
        .type,
    ).toBe('webhook.test');
    await expect
      .poll(async () => {
        await page.reload();
        return page.getByRole('table').getByText('Delivered').count();
      })
      .toBe(1);
    const row = page.getByRole('row', { name: /Test event/ });
    await expect.poll(() => row.textContent()).toContain('HTTP 200');
    // Shown once: the secret is nowhere on the page now.
    expect(await page.content()).not.toContain(secret);
    await page.screenshot({ path: screenshotPath('webhooks-log-1280'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: screenshotPath('webhooks-log-360'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);

    // The endpoint's full log shows what each delivery sent.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Full delivery log, with each payload' }).click();
    await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
    await page.getByText('Payload', { exact: true }).click();
    expect(await page.locator('.payload pre').textContent()).toContain('"type": "webhook.test"');
    await page.screenshot({ path: screenshotPath('webhooks-full-log-1280'), fullPage: true });
    await page.getByRole('link', { name: 'Failed' }).click();
    await page.getByText('No deliveries with that result.').waitFor();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.getByRole('link', { name: 'All' }).click();
    await page.getByText('Payload', { exact: true }).click();
    await page.screenshot({ path: screenshotPath('webhooks-full-log-360'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
    await page.close();
  });

  it('an owner creates an API key, sees it once, and it reads the API', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/settings/api-keys`);
    await page.getByLabel('Key name').fill('CRM sync');
    await page.getByRole('radio', { name: 'Read and write' }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByRole('textbox', { name: 'API key' }).inputValue();
    expect(key).toMatch(/^kdl_/);
    const res = await fetch(`${server.url}/api/v1/pages`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    // A new visit, not a reload: reloading would post the form again.
    await page.goto(`${server.url}/admin/settings/api-keys`);
    expect(await page.content()).not.toContain(key);
    const row = page.getByRole('row', { name: /CRM sync/ });
    await expect.poll(() => row.textContent()).toContain('Read and write');
    await page.screenshot({ path: screenshotPath('api-keys-1280'), fullPage: true });
    await page.goto(`${server.url}/api/v1/docs`);
    await page.screenshot({ path: screenshotPath('api-docs-1280'), fullPage: true });
    await page.close();
  });
});
