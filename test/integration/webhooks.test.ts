import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabaseOf, readDb } from '../helpers/db-file';
import { startDnsServer } from '../helpers/dns-server';
import {
  type Client,
  DEMO_ANSWERS,
  postLead,
  publishTemplatePage,
  setUpOwner,
} from '../helpers/http-session';
import { addEndpoint, INTEGRATIONS } from '../helpers/integrations';
import { startServer, type TestServer } from '../helpers/server';
import { startReceiver } from '../helpers/webhook-receiver';

/* Webhooks against real receivers: a local HTTP server stands in for the CRM, and every
   signature is checked with `standardwebhooks`, the Standard Webhooks reference library. */

const PAGE = INTEGRATIONS;
const FAST = { WEBHOOKS_ALLOW_INTERNAL: '1', WEBHOOK_RETRY_SCHEDULE_MS: '300,300,300' };

const verified = (secret: string, r: { headers: Record<string, unknown>; body: string }) =>
  new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
    type: string;
    data: Record<string, unknown>;
  };

let n = 0;
const lead = (slug: string, base: string) =>
  postLead(base, slug, {
    ...DEMO_ANSWERS,
    email: `hook${++n}@northwind.com`,
    _key: `hook-key-${String(n).padStart(10, '0')}`,
  });

describe('webhooks delivered to a receiver', () => {
  let server: TestServer;
  let owner: Client;
  let slug: string;
  beforeAll(async () => {
    server = await startServer(FAST);
    owner = await setUpOwner(server.url);
    ({ slug } = await publishTemplatePage(owner));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('delivers one signed lead.created per submitted lead, which the reference library verifies', async () => {
    const receiver = await startReceiver([200]);
    try {
      const { secret } = await addEndpoint(owner, receiver.url);
      expect((await lead(slug, server.url)).status).toBe(200);
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
      const event = verified(secret, receiver.received[0]!);
      expect(event.type).toBe('lead.created');
      const data = event.data.lead as Record<string, unknown>;
      expect(data).toMatchObject({ email: `hook${n}@northwind.com`, company: 'Northwind' });
      expect(['hot', 'warm', 'cold']).toContain(data.tier);
      expect((data.breakdown as unknown[]).length).toBeGreaterThan(0);
      expect(data.nextStep).toEqual(expect.any(String));
      expect((data.submission as { answers: unknown[] }).answers.length).toBeGreaterThan(3);
      expect(receiver.received[0]!.headers['webhook-id']).toMatch(/^evt_/);
      // A forged body fails the same check.
      expect(() =>
        verified(secret, {
          ...receiver.received[0]!,
          body: receiver.received[0]!.body.replace('Northwind', 'Evil'),
        }),
      ).toThrow();
      await new Promise((r) => setTimeout(r, 1_000));
      expect(receiver.received).toHaveLength(1);
      const { html } = await owner.page(PAGE);
      expect(html).toContain('Delivered');
    } finally {
      await receiver.stop();
    }
  });

  it('retries a receiver that answers 500 twice, delivering on the third attempt, logged once', async () => {
    const receiver = await startReceiver([500, 500, 200]);
    try {
      const { id, secret } = await addEndpoint(owner, receiver.url);
      await lead(slug, server.url);
      await expect.poll(() => receiver.accepted().length, { timeout: 15_000 }).toBe(1);
      const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
      expect(receiver.received.map((r) => r.answered)).toEqual([500, 500, 200]);
      expect(ids.size).toBe(1); // the same message each time: receivers de-duplicate on it
      for (const r of receiver.received) expect(verified(secret, r).type).toBe('lead.created');
      const rows = readDb<{ state: string; attempts: number; last_status: number }>(
        server.dataDir,
        'select state, attempts, last_status from webhook_deliveries where endpoint_id = ?',
        id,
      );
      expect(rows).toEqual([{ state: 'delivered', attempts: 3, last_status: 200 }]);
    } finally {
      await receiver.stop();
    }
  });

  it('turns an endpoint that answers 410 Gone off, and sends it nothing more', async () => {
    const receiver = await startReceiver([410]);
    try {
      const { id } = await addEndpoint(owner, receiver.url);
      await lead(slug, server.url);
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
      await expect
        .poll(
          () =>
            readDb<{ enabled: number }>(
              server.dataDir,
              'select enabled from webhook_endpoints where id = ?',
              id,
            )[0]!.enabled,
        )
        .toBe(0);
      const { html } = await owner.page(PAGE);
      expect(html).toContain('answered 410 Gone');
      await lead(slug, server.url);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.stop();
    }
  });

  it('sends a test event and resends a delivery on request', async () => {
    const receiver = await startReceiver([200]);
    try {
      const { id, secret } = await addEndpoint(owner, receiver.url);
      await owner.page(PAGE);
      expect((await owner.post(PAGE, { _action: 'test', endpoint: id })).status).toBe(303);
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
      expect(verified(secret, receiver.received[0]!).type).toBe('webhook.test');
      const [delivery] = readDb<{ id: string }>(
        server.dataDir,
        'select id from webhook_deliveries where endpoint_id = ?',
        id,
      );
      await owner.page(PAGE);
      expect(
        (await owner.post(PAGE, { _action: 'resend', endpoint: id, delivery: delivery!.id }))
          .status,
      ).toBe(303);
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(2);
      expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    } finally {
      await receiver.stop();
    }
  });

  it('keeps a full delivery log per endpoint: paged, narrowed by result, with each payload', async () => {
    const receiver = await startReceiver([200]);
    try {
      const { id } = await addEndpoint(owner, receiver.url);
      const sent = 53;
      for (let i = 0; i < sent; i++) {
        await owner.page(PAGE);
        await owner.post(PAGE, { _action: 'test', endpoint: id });
      }
      await expect.poll(() => receiver.accepted().length, { timeout: 20_000 }).toBe(sent);
      receiver.answerWith([404]);
      await owner.page(PAGE);
      await owner.post(PAGE, { _action: 'test', endpoint: id });
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(sent + 1);
      const log = `${PAGE}/${id}`;
      await expect
        .poll(async () => (await owner.page(`${log}?state=failed`)).html, { timeout: 10_000 })
        .toContain('HTTP 404');

      // The integrations page shows the latest few and links to the whole log.
      expect((await owner.page(PAGE)).html).toContain(`href="${log}"`);
      const rowsOf = (html: string) =>
        [...html.matchAll(/data-delivery="([^"]+)"/g)].map((m) => m[1]);
      const first = await owner.page(log);
      expect(first.status).toBe(200);
      expect(rowsOf(first.html)).toHaveLength(50);
      expect(first.html).toContain('&quot;type&quot;: &quot;webhook.test&quot;'); // the payload, escaped
      const older = /href="([^"]*before=[^"]+)"/.exec(first.html)![1]!.replaceAll('&amp;', '&');
      const second = await owner.page(older);
      expect(rowsOf(second.html)).toHaveLength(sent + 1 - 50);
      expect(new Set([...rowsOf(first.html), ...rowsOf(second.html)]).size).toBe(sent + 1);

      const failed = await owner.page(`${log}?state=failed`);
      expect(rowsOf(failed.html)).toHaveLength(1);
      expect(failed.html).not.toContain('>Delivered<');

      // A forged cursor or an unknown result is a 400 that says so; another endpoint id a 404.
      expect((await owner.page(`${log}?before=nonsense`)).status).toBe(400);
      expect((await owner.page(`${log}?state=lost`)).status).toBe(400);
      expect((await owner.page(`${PAGE}/not-an-endpoint`)).status).toBe(404);
      const forged = await owner.post(`${PAGE}/not-an-endpoint`, {
        _action: 'resend',
        endpoint: id,
        delivery: rowsOf(failed.html)[0]!,
      });
      expect(forged.status).toBe(404);
    } finally {
      await receiver.stop();
    }
  });

  it('signs with both secrets while a rotated one overlaps its successor', async () => {
    const receiver = await startReceiver([200]);
    try {
      const { id, secret: first } = await addEndpoint(owner, receiver.url);
      await owner.page(PAGE);
      const rotated = await owner.post(PAGE, { _action: 'rotate', endpoint: id });
      const second = /value="(whsec_[^"]+)"/.exec(await rotated.text())![1]!;
      expect(second).not.toBe(first);
      await owner.page(PAGE);
      await owner.post(PAGE, { _action: 'test', endpoint: id });
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
      expect(verified(first, receiver.received[0]!).type).toBe('webhook.test');
      expect(verified(second, receiver.received[0]!).type).toBe('webhook.test');
      // The secret is shown once: the page never shows it again, and it is stored sealed.
      const { html } = await owner.page(PAGE);
      expect(html).not.toContain(second);
      const stored = JSON.stringify(readDb(server.dataDir, 'select * from webhook_endpoints'));
      expect(stored).not.toContain(second.slice(6));
    } finally {
      await receiver.stop();
    }
  });
});

describe('webhooks across a crash', () => {
  it('delivers what was pending when the server was SIGKILLed, after restart, once each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-hooks-kill-'));
    const receiver = await startReceiver([200]);
    const env = { ...FAST, JOB_LEASE_MS: '1500' };
    try {
      let server = await startServer(env, dir);
      const owner = await setUpOwner(server.url);
      const { slug } = await publishTemplatePage(owner);
      await addEndpoint(owner, receiver.url);
      receiver.setHang(true); // deliveries start and never finish
      const submitted = await Promise.all(Array.from({ length: 5 }, () => lead(slug, server.url)));
      expect(submitted.every((r) => r.status === 200)).toBe(true);
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBeGreaterThan(0);
      server.process.kill('SIGKILL');
      await server.stop();
      receiver.setHang(false);
      server = await startServer(env, dir);
      try {
        await expect
          .poll(() => new Set(receiver.accepted().map((r) => r.headers['webhook-id'])).size, {
            timeout: 20_000,
          })
          .toBe(5);
        await new Promise((r) => setTimeout(r, 1_500));
        const ids = receiver.accepted().map((r) => r.headers['webhook-id']);
        expect(ids).toHaveLength(5); // each event accepted exactly once
        expect(
          readDb<{ state: string }>(server.dataDir, 'select state from webhook_deliveries').map(
            (d) => d.state,
          ),
        ).toEqual(Array(5).fill('delivered'));
      } finally {
        await server.stop();
      }
    } finally {
      await receiver.stop();
      await dropDatabaseOf(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the SSRF guard', () => {
  let server: TestServer;
  let owner: Client;
  let dns: Awaited<ReturnType<typeof startDnsServer>>;
  beforeAll(async () => {
    dns = await startDnsServer({ 'crm.internal.test': '10.1.2.3', 'rebind.test': '93.184.216.34' });
    server = await startServer({
      WEBHOOK_DNS_SERVERS: dns.server,
      WEBHOOK_RETRY_SCHEDULE_MS: '300',
    });
    owner = await setUpOwner(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    await dns?.stop();
  });

  for (const url of [
    'https://127.0.0.1/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/hook',
    'https://crm.internal.test/hook',
  ])
    it(`refuses ${url}`, async () => {
      await owner.page(PAGE);
      const res = await owner.post(PAGE, { _action: 'create', url, events: ['lead.created'] });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('private network');
    });

  it('refuses plain http, and a name that resolves privately only when sent (DNS rebinding)', async () => {
    await owner.page(PAGE);
    const http = await owner.post(PAGE, {
      _action: 'create',
      url: 'http://rebind.test/hook',
      events: ['lead.created'],
    });
    const refusal = await http.text();
    expect(refusal).toContain('Use an https:// address');
    // It says how a self-hoster allows receivers inside their network.
    expect(refusal).toContain('WEBHOOKS_ALLOW_INTERNAL=1');
    // A name that does not exist is said in words, never as a raw resolver error.
    await owner.page(PAGE);
    const missing = await (
      await owner.post(PAGE, {
        _action: 'create',
        url: 'https://no-such-host.test/hook',
        events: ['lead.created'],
      })
    ).text();
    expect(missing).toContain(
      'no-such-host.test could not be found: check the address for a typo.',
    );
    expect(missing).not.toMatch(/ENOTFOUND|getaddrinfo|does not resolve/);
    const { id } = await addEndpoint(owner, 'https://rebind.test/hook');
    dns.records['rebind.test'] = '10.9.9.9';
    await owner.page(PAGE);
    await owner.post(PAGE, { _action: 'test', endpoint: id });
    await expect
      .poll(
        () =>
          readDb<{ state: string; last_error: string | null }>(
            server.dataDir,
            'select state, last_error from webhook_deliveries where endpoint_id = ?',
            id,
          )[0],
        { timeout: 10_000 },
      )
      .toMatchObject({ state: 'failed', last_error: expect.stringContaining('private network') });
  });
});
