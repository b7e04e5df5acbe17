import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  DEMO_ANSWERS,
  makeApiKey,
  postLead,
  publishTemplatePage,
  setUpOwner,
  signUpOutsider,
} from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';
import { conforming as conformingTo, fetchOpenApi, type OpenApiDoc } from '../helpers/openapi';

/* The REST API as an integrator meets it: keys made by an owner in Settings, answers
   checked against the OpenAPI document the server publishes, which a maintained OpenAPI
   validator checks first. */

const KEYS = '/admin/settings/api-keys';
let server: TestServer;
let owner: Client;
let readKey: string;
let writeKey: string;
let leadId: string;
let page: { pageId: string; slug: string };
let doc: OpenApiDoc;

const api = (path: string, key: string | null, init: RequestInit = {}) =>
  fetch(`${server.url}/api/v1${path}`, {
    ...init,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers ?? {}) },
  });

const conforming = (res: Response, path: string, method: string) =>
  conformingTo(doc, res, path, method);

beforeAll(async () => {
  server = await startServer({ SIGNUP: 'open' });
  owner = await setUpOwner(server.url);
  page = await publishTemplatePage(owner);
  expect((await postLead(server.url, page.slug, DEMO_ANSWERS)).status).toBe(200);
  readKey = await makeApiKey(owner, 'Dashboard', 'read');
  writeKey = await makeApiKey(owner, 'CRM sync', 'read_write');
  doc = await fetchOpenApi(server.url);
});
afterAll(async () => {
  await server?.stop();
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, by a maintained validator', async () => {
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/experiments/{id}',
      '/experiments/{id}/promote',
      '/experiments/{id}/start',
      '/experiments/{id}/stop',
      '/leads',
      '/leads/{id}',
      '/pages',
      '/pages/{id}',
      '/pages/{id}/draft',
      '/pages/{id}/experiments',
      '/pages/{id}/publish',
    ]);
  });

  it('is rendered as a readable reference', async () => {
    const html = await (await fetch(`${server.url}/api/v1/docs`)).text();
    expect(html).toContain('GET /leads/{id}');
    expect(html).toContain('LeadPatch');
  });
});

// Before the API's own limits are tested: the last test leaves this address slowed.
describe('pages through the API', () => {
  const json = (body: unknown, method = 'PUT') => ({
    method,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  const headline = (document: any) =>
    document.blocks.find((b: any) => b.type === 'hero').props.headline as string;
  const livePage = async () => (await fetch(`${server.url}/p/${page.slug}`)).text();

  it('reads a page with its draft and its live document, as documented', async () => {
    const res = await api(`/pages/${page.pageId}`, readKey);
    expect(res.status).toBe(200);
    const body = await conforming(res, '/pages/{id}', 'get');
    expect(body).toMatchObject({ id: page.pageId, slug: page.slug, published: true });
    expect(body.live.versionNo).toBe(1);
    expect(headline(body.draft.document)).toBe(headline(body.live.document));
  });

  it('replaces the draft without touching the live page, then publishes it', async () => {
    const before = await conforming(
      await api(`/pages/${page.pageId}`, writeKey),
      '/pages/{id}',
      'get',
    );
    const document = structuredClone(before.draft.document);
    document.blocks.find((b: any) => b.type === 'hero').props.headline = 'Written through the API';
    const put = await api(
      `/pages/${page.pageId}/draft`,
      writeKey,
      json({ document, revision: before.draft.revision }),
    );
    expect(put.status).toBe(200);
    const saved = await conforming(put, '/pages/{id}/draft', 'put');
    expect(saved.draft.revision).toBe(before.draft.revision + 1);
    expect(headline(saved.draft.document)).toBe('Written through the API');
    expect(headline(saved.live.document)).not.toBe('Written through the API');
    expect(await livePage()).not.toContain('Written through the API');
    // A change based on the old revision would overwrite this one: refused.
    const stale = await api(
      `/pages/${page.pageId}/draft`,
      writeKey,
      json({ document, revision: before.draft.revision }),
    );
    expect(stale.status).toBe(409);
    await conforming(stale, '/pages/{id}/draft', 'put');

    const published = await api(`/pages/${page.pageId}/publish`, writeKey, { method: 'POST' });
    expect(published.status).toBe(200);
    const live = await conforming(published, '/pages/{id}/publish', 'post');
    expect(live.live.versionNo).toBe(2);
    expect(headline(live.live.document)).toBe('Written through the API');
    expect(await livePage()).toContain('Written through the API');
  });

  it('refuses a document the editor would refuse, naming the field', async () => {
    const { draft } = await (await api(`/pages/${page.pageId}`, writeKey)).json();
    const document = structuredClone(draft.document);
    const hero = document.blocks.findIndex((b: any) => b.type === 'hero');
    document.blocks[hero].props.headline = 'x'.repeat(5_000);
    const bad = await api(`/pages/${page.pageId}/draft`, writeKey, json({ document }));
    expect(bad.status).toBe(422);
    const body = await conforming(bad, '/pages/{id}/draft', 'put');
    expect(body.error.message).toMatch(new RegExp(`blocks.*${hero}.*headline`));
    const unknownField = await api(
      `/pages/${page.pageId}/draft`,
      writeKey,
      json({ document, colour: 'red' }),
    );
    expect(unknownField.status).toBe(400);
    await conforming(unknownField, '/pages/{id}/draft', 'put');
  });

  it('lets a read key read but not write, and never reaches another workspace’s page', async () => {
    const refused = await api(`/pages/${page.pageId}/publish`, readKey, { method: 'POST' });
    expect(refused.status).toBe(403);
    await conforming(refused, '/pages/{id}/publish', 'post');
    const other = await signUpOutsider(server.url, {
      email: 'pages@initech.com',
      password: 'initech-own-password',
      workspaceName: 'Initech',
    });
    const theirs = await makeApiKey(other, 'Theirs', 'read_write');
    for (const [path, init, method] of [
      [`/pages/${page.pageId}`, {}, 'get'],
      [`/pages/${page.pageId}/draft`, json({ document: {} }), 'put'],
      [`/pages/${page.pageId}/publish`, { method: 'POST' }, 'post'],
    ] as const) {
      const res = await api(path, theirs, init);
      expect(res.status, path).toBe(404);
      await conforming(res, path.replace(page.pageId, '{id}'), method);
    }
  });
});

describe('the REST API', () => {
  it('lists leads and reads one, with its breakdown and timeline, as documented', async () => {
    const list = await conforming(await api('/leads?sort=created', readKey), '/leads', 'get');
    expect(list.leads).toHaveLength(1);
    leadId = list.leads[0].id;
    expect(list.leads[0]).toMatchObject({ email: DEMO_ANSWERS.email, company: 'Northwind' });
    const res = await api(`/leads/${leadId}`, readKey);
    expect(res.status).toBe(200);
    const lead = await conforming(res, '/leads/{id}', 'get');
    expect(lead.breakdown.length).toBeGreaterThan(0);
    expect(lead.timeline.map((t: { type: string }) => t.type)).toContain('submission');
    // Consent travels with the lead: the words shown, their version, and the answer.
    expect(lead.submissionsList[0].consent).toEqual([
      {
        text: expect.any(String),
        version: expect.stringMatching(/^[0-9a-f]{12}$/),
        given: true,
        doubleOptIn: false,
        confirmedAt: null,
      },
    ]);
    const pages = await conforming(await api('/pages', readKey), '/pages', 'get');
    expect(pages.pages[0]).toMatchObject({ published: true, submissions: 1 });
  });

  it('changes a lead with a read-and-write key; a read key is refused', async () => {
    const body = JSON.stringify({ status: 'contacted', note: 'Called: wants a quote' });
    const headers = { 'content-type': 'application/json' };
    const refused = await api(`/leads/${leadId}`, readKey, { method: 'PATCH', body, headers });
    expect(refused.status).toBe(403);
    await conforming(refused, '/leads/{id}', 'patch');
    const done = await api(`/leads/${leadId}`, writeKey, { method: 'PATCH', body, headers });
    expect(done.status).toBe(200);
    const lead = await conforming(done, '/leads/{id}', 'patch');
    expect(lead.status).toBe('contacted');
    expect(lead.timeline.map((t: { type: string }) => t.type)).toEqual(
      expect.arrayContaining(['status_change', 'note']),
    );
    const bad = await api(`/leads/${leadId}`, writeKey, {
      method: 'PATCH',
      body: '{"status":"sold"}',
      headers,
    });
    expect(bad.status).toBe(400);
    expect((await conforming(bad, '/leads/{id}', 'patch')).error.message).toContain('status');
    const junk = await api(`/leads/${leadId}`, writeKey, {
      method: 'PATCH',
      body: '{not json',
      headers,
    });
    expect(junk.status).toBe(400);
  });

  it('shows a new key once, at the top of the page, with a Copy button (issue 29.7)', async () => {
    await owner.page(KEYS);
    const res = await owner.post(KEYS, {
      _action: 'create-key',
      name: 'Shown once',
      access: 'read',
    });
    const html = await res.text();
    const card = html.indexOf('data-secret-once');
    expect(card).toBeGreaterThan(0);
    // Before every other card of the page, where the person who made it is looking.
    expect(card).toBeLessThan(html.indexOf('Create key'));
    const words = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(words).toContain('it is shown once');
    expect(html).toMatch(/<button[^>]*data-copy[^>]*>\s*Copy\s*<\/button>/);
    // The table shows only how keys begin, and says so.
    expect(html).toContain('Key begins');
    expect(html).toContain('the start only, to tell keys apart');
  });

  it('answers 401 without a key, with a wrong one and with a revoked one', async () => {
    for (const key of [null, 'kdl_not-a-key', 'Basic abc']) {
      const res = await api('/leads', key);
      expect(res.status).toBe(401);
      await conforming(res, '/leads', 'get');
    }
    const doomed = await makeApiKey(owner, 'Old script', 'read');
    expect((await api('/leads', doomed)).status).toBe(200);
    const { html } = await owner.page(KEYS);
    const keyId = [...html.matchAll(/name="key" value="([^"]+)"/g)].map((m) => m[1]!)[0]!;
    expect((await owner.post(KEYS, { _action: 'revoke-key', key: keyId })).status).toBe(303);
    expect((await api('/leads', doomed)).status).toBe(401);
  });

  it("never shows another workspace's lead: 404 as if it did not exist", async () => {
    const other = await signUpOutsider(server.url, {
      email: 'other@globex.com',
      password: 'others-own-password',
      workspaceName: 'Globex',
    });
    const theirs = await makeApiKey(other, 'Theirs', 'read_write');
    const res = await api(`/leads/${leadId}`, theirs);
    expect(res.status).toBe(404);
    await conforming(res, '/leads/{id}', 'get');
    const patched = await api(`/leads/${leadId}`, theirs, {
      method: 'PATCH',
      body: JSON.stringify({ status: 'lost' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(patched.status).toBe(404);
    expect((await conforming(await api('/leads', theirs), '/leads', 'get')).leads).toEqual([]);
  });

  it('answers unknown paths and methods with the one error shape', async () => {
    const missing = await api('/nothing', readKey);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    const wrong = await api('/pages', readKey, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const asked = await api('/leads/x', readKey, { method: 'OPTIONS' });
    expect(asked.status).toBe(204);
    expect(asked.headers.get('allow')).toBe('GET, HEAD, PATCH, OPTIONS');
    const document = await api('/openapi.json', readKey, { method: 'DELETE' });
    expect(document.status).toBe(405);
    expect(document.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(await document.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    const badQuery = await api('/leads?tier=scalding', readKey);
    expect(badQuery.status).toBe(400);
    await conforming(badQuery, '/leads', 'get');
  });

  it('says where a key stands against its limit on every answer', async () => {
    const res = await api('/pages', readKey);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('ratelimit-limit'))).toBeGreaterThan(0);
    const remaining = Number(res.headers.get('ratelimit-remaining'));
    expect(remaining).toBeLessThan(Number(res.headers.get('ratelimit-limit')));
    expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    const next = await api('/pages', readKey);
    expect(Number(next.headers.get('ratelimit-remaining'))).toBe(remaining - 1);
  });

  // Last: it leaves this test's address refused for the rest of the minute.
  it('slows an address that keeps sending wrong keys, even once it finds a right one', async () => {
    // Earlier tests here sent a few wrong keys too: the limit (20 a minute) counts them;
    // a minute that turns over meanwhile starts the count again.
    const statuses: number[] = [];
    for (let i = 0; i < 45 && statuses.at(-1) !== 429; i++)
      statuses.push((await api('/pages', `kdl_wrong${String(i).padStart(40, '0')}`)).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.length).toBeGreaterThan(15);
    const right = await api('/pages', readKey);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await right.json()).toMatchObject({ error: { code: 'too_many_requests' } });
  });
});
