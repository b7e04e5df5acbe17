import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDb, writeDb } from '../helpers/db-file';
import {
  Client,
  DEMO_ANSWERS,
  makeApiKey,
  PERSON_UA,
  postLead,
  publishTemplatePage,
  setUpOwner,
  signUpOutsider,
} from '../helpers/http-session';
import { conforming, fetchOpenApi, type OpenApiDoc } from '../helpers/openapi';
import { startServer, type TestServer } from '../helpers/server';

/* A/B tests as visitors, an owner and an integrator meet them: the split, the cookie, what
   is counted, the outcomes, promotion — through the REST API, answers checked against the
   OpenAPI document. */

const B_HEADLINE = 'Zebra-striped closing, in a day';
let server: TestServer;
let owner: Client;
let writeKey: string;
let readKey: string;
let doc: OpenApiDoc;
let page: { pageId: string; slug: string };
let experimentId: string;

const api = (path: string, key: string, init: RequestInit = {}) =>
  fetch(`${server.url}/api/v1${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${key}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });

/** A page view as a browser makes it: which variant it showed, and the cookie it was given. */
async function view(headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/p/${page.slug}`, {
    headers: { 'user-agent': PERSON_UA, ...headers },
  });
  const html = await res.text();
  return {
    res,
    variant: html.includes(B_HEADLINE) ? 'B' : 'A',
    cookie: res.headers.get('set-cookie'),
  };
}

const cookiePair = (setCookie: string) => setCookie.split(';')[0]!;

/** The experiment through the API once its first views are written (they trail the answer). */
async function results(until: (body: any) => boolean = () => true) {
  for (let i = 0; ; i++) {
    const res = await api(`/experiments/${experimentId}`, readKey);
    const body = await conforming(doc, res, '/experiments/{id}', 'get');
    if (until(body) || i > 40) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
}
const visitorsOf = (body: any) =>
  body.variants.reduce((sum: number, v: { visitors: number }) => sum + v.visitors, 0);

beforeAll(async () => {
  server = await startServer({ SIGNUP: 'open' });
  owner = await setUpOwner(server.url);
  page = await publishTemplatePage(owner);
  writeKey = await makeApiKey(owner, 'Experiments', 'read_write');
  readKey = await makeApiKey(owner, 'Reader', 'read');
  doc = await fetchOpenApi(server.url);
});
afterAll(async () => {
  await server?.stop();
});

describe('an A/B test of a page', () => {
  it('is made through the API from the live page, B a changed copy; bad input is refused', async () => {
    // Before any test the page is the same for everyone: no cookie, publicly cacheable.
    const before = await view();
    expect(before.cookie).toBeNull();
    expect(before.res.headers.get('cache-control')).toMatch(/^public/);

    const live = await conforming(
      doc,
      await api(`/pages/${page.pageId}`, readKey),
      '/pages/{id}',
      'get',
    );
    const document = structuredClone(live.live.document);
    document.blocks.find((b: { type: string }) => b.type === 'hero').props.headline = B_HEADLINE;

    const broken = await api(`/pages/${page.pageId}/experiments`, writeKey, {
      method: 'POST',
      body: JSON.stringify({
        name: 'Headline',
        variants: [{ name: 'Control' }, { name: 'Broken', document: { blocks: 'no' } }],
      }),
    });
    expect(broken.status).toBe(422);
    const refused = await conforming(doc, broken, '/pages/{id}/experiments', 'post');
    expect(JSON.stringify(refused.error)).toContain('variants.1.document');

    const one = await api(`/pages/${page.pageId}/experiments`, writeKey, {
      method: 'POST',
      body: JSON.stringify({ name: 'Headline', variants: [{ name: 'Control' }] }),
    });
    expect(one.status).toBe(400);
    expect((await one.json()).error.message).toMatch(/two to four variants/);

    const byReader = await api(`/pages/${page.pageId}/experiments`, readKey, {
      method: 'POST',
      body: JSON.stringify({ name: 'x', variants: [{ name: 'A' }, { name: 'B' }] }),
    });
    expect(byReader.status).toBe(403);

    const made = await api(`/pages/${page.pageId}/experiments`, writeKey, {
      method: 'POST',
      body: JSON.stringify({
        name: 'Headline',
        variants: [{ name: 'Control' }, { name: 'Zebra', document }],
      }),
    });
    expect(made.status).toBe(201);
    const experiment = await conforming(doc, made, '/pages/{id}/experiments', 'post');
    experimentId = experiment.id;
    expect(experiment.state).toBe('draft');
    expect(experiment.variants.map((v: { key: string }) => v.key)).toEqual(['A', 'B']);
    expect(experiment.variants[0].pageId).toBe(page.pageId);

    // One test at a time; another workspace's page and experiment do not exist for this key.
    const again = await api(`/pages/${page.pageId}/experiments`, writeKey, {
      method: 'POST',
      body: JSON.stringify({ name: 'Again', variants: [{ name: 'A' }, { name: 'B' }] }),
    });
    expect(again.status).toBe(409);
    const outsider = await signUpOutsider(server.url);
    const outsiderKey = await makeApiKey(outsider, 'Theirs', 'read_write');
    expect((await api(`/experiments/${experimentId}`, outsiderKey)).status).toBe(404);
    expect(
      (await api(`/experiments/${experimentId}/start`, outsiderKey, { method: 'POST' })).status,
    ).toBe(404);
    // Not started: still no cookie for visitors.
    expect((await view()).cookie).toBeNull();
  });

  it('starts: a new visitor gets a cookie and a variant, and keeps it on every return', async () => {
    const started = await api(`/experiments/${experimentId}/start`, writeKey, { method: 'POST' });
    expect(started.status).toBe(200);
    expect((await conforming(doc, started, '/experiments/{id}/start', 'post')).state).toBe(
      'running',
    );

    const first = await view();
    expect(first.res.status).toBe(200);
    expect(first.cookie).toMatch(
      new RegExp(
        `^kd_ab=[0-9a-f-]{36}\\.[A-Za-z0-9_-]{22}; Path=/p/${page.slug}; Max-Age=7776000; HttpOnly; SameSite=Lax$`,
      ),
    );
    expect(first.res.headers.get('cache-control')).toMatch(/^private/);
    expect(first.res.headers.get('vary')).toMatch(/Cookie/);
    const cookie = cookiePair(first.cookie!);
    for (let i = 0; i < 5; i++) {
      const again = await view({ cookie });
      expect(again.variant).toBe(first.variant);
      expect(again.cookie).toBeNull();
    }
    // Without JavaScript too: the plain form post answers with the same variant's page.
    const post = await fetch(`${server.url}/p/${page.slug}`, {
      method: 'POST',
      body: new URLSearchParams({ _form: 'demo-form', email: 'not an email' }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': PERSON_UA,
        cookie,
      },
    });
    expect(post.status).toBe(422);
    expect((await post.text()).includes(B_HEADLINE)).toBe(first.variant === 'B');
  });

  it('splits 2,000 new visitors within 3 % of the shares, and counts each once', async () => {
    const before = visitorsOf(await results());
    const seen = { A: 0, B: 0 };
    for (let batch = 0; batch < 100; batch++) {
      const views = await Promise.all(Array.from({ length: 20 }, () => view()));
      for (const v of views) seen[v.variant as 'A' | 'B']++;
    }
    expect(Math.abs(seen.A / 2000 - 0.5)).toBeLessThan(0.03);
    const body = await results((b) => visitorsOf(b) >= before + 2000);
    expect(visitorsOf(body)).toBe(before + 2000);
    expect(body.variants[0].visitors).toBeGreaterThanOrEqual(seen.A);
    expect(body.variants[1].visitors).toBeGreaterThanOrEqual(seen.B);
    expect(body.srm.flagged).toBe(false);
  });

  it('shows A to GPC, DNT and bots, gives them no cookie and does not count them; a tampered cookie gets a fresh one', async () => {
    const before = visitorsOf(await results());
    for (const headers of <Record<string, string>[]>[
      { 'sec-gpc': '1' },
      { dnt: '1' },
      { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' },
    ]) {
      for (let i = 0; i < 10; i++) {
        const seen = await view(headers);
        expect(seen.variant).toBe('A');
        expect(seen.cookie).toBeNull();
      }
    }
    for (const cookie of [
      'kd_ab=tampered',
      `kd_ab=00000000-0000-7000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAA`,
      'kd_ab=..',
    ]) {
      const seen = await view({ cookie });
      expect(seen.res.status).toBe(200);
      expect(seen.cookie).toMatch(/^kd_ab=/);
    }
    const after = await results((b) => visitorsOf(b) >= before + 3);
    expect(visitorsOf(after)).toBe(before + 3);
  });

  it('counts submissions and tiers per variant, and freezes an outcome once its window closes', async () => {
    const visitorOn = async (variant: 'A' | 'B') => {
      for (;;) {
        const seen = await view();
        if (seen.variant === variant) return cookiePair(seen.cookie!);
      }
    };
    const onA = await visitorOn('A');
    const onB = await visitorOn('B');
    const emails = { A: 'ana@northwind.com', B: 'bo@initech.com' };
    expect(
      (await postLead(server.url, page.slug, { ...DEMO_ANSWERS, email: emails.A }, { cookie: onA }))
        .status,
    ).toBe(200);
    expect(
      (await postLead(server.url, page.slug, { ...DEMO_ANSWERS, email: emails.B }, { cookie: onB }))
        .status,
    ).toBe(200);
    // A visitor without a cookie is in no variant: their lead is kept, not counted.
    expect(
      (await postLead(server.url, page.slug, { ...DEMO_ANSWERS, email: 'cy@umbrella.com' })).status,
    ).toBe(200);

    const body = await results();
    const [a, b] = body.variants;
    expect([a.submissions, b.submissions]).toEqual([1, 1]);
    expect(a.leads.any).toBe(1);
    expect(b.leads.any).toBe(1);
    const tierOf = (v: any) => (['hot', 'warm', 'cold'] as const).find((t) => v.leads[t] === 1);
    expect(tierOf(a)).toBeDefined();
    expect(tierOf(b)).toBe(tierOf(a));

    // B's visitor's window closes (the clock moved on, for that row); then both leads are
    // marked not a real prospect. A's open outcome follows; B's closed one does not.
    const leads = readDb<{ id: string; email: string }>(
      server.dataDir,
      'select id, email from leads where email in (?, ?)',
      emails.A,
      emails.B,
    );
    const leadOf = (email: string) => leads.find((l) => l.email === email)!.id;
    expect(
      writeDb(
        server.dataDir,
        'update experiment_exposures set window_ends_at = 1 where lead_id = ?',
        leadOf(emails.B),
      ),
    ).toBe(1);
    for (const email of [emails.A, emails.B]) {
      await owner.page(`/admin/leads/${leadOf(email)}`);
      const marked = await owner.post(`/admin/leads/${leadOf(email)}`, { _action: 'unqualify' });
      expect(marked.status).toBe(303);
    }
    const later = await results();
    expect(later.variants[0].leads.unqualified).toBe(1);
    expect(later.variants[1].leads.unqualified).toBe(0);
    expect(tierOf(later.variants[1])).toBe(tierOf(b));

    // The lead carries its variant.
    const variants = readDb<{ email: string; key: string }>(
      server.dataDir,
      `select l.email, v.key from submissions s join leads l on l.id = s.lead_id
       join experiment_variants v on v.id = s.variant_id order by v.key`,
    );
    expect(variants).toEqual([
      { email: emails.A, key: 'A' },
      { email: emails.B, key: 'B' },
    ]);
  });

  it('shows each lead’s variant: lead page, inbox filter, CSV, JSON download, REST API', async () => {
    const [lead] = readDb<{ id: string; variant_id: string }>(
      server.dataDir,
      `select s.lead_id as id, s.variant_id from submissions s join leads l on l.id = s.lead_id
       where l.email = 'bo@initech.com'`,
    );
    const leadPage = await owner.page(`/admin/leads/${lead!.id}`);
    expect(leadPage.html).toContain('A/B test “Headline”: saw variant B (Zebra)');
    const filtered = await owner.page(`/admin/leads?view=unqualified&variant=${lead!.variant_id}`);
    expect(filtered.html).toContain('bo@initech.com');
    expect(filtered.html).not.toContain('ana@northwind.com');
    expect(filtered.html).toContain('Headline: B (Zebra)');
    const csv = await (
      await owner.request(`/admin/leads/export.csv?view=unqualified&variant=${lead!.variant_id}`)
    ).text();
    const [header, row] = csv.split('\r\n');
    const column = header!.split(',').indexOf('A/B variant');
    expect(column).toBeGreaterThan(0);
    expect(row).toContain('Headline: B (Zebra)');
    const data = await (await owner.request(`/admin/leads/${lead!.id}/data.json`)).json();
    expect(data.submissions[0].variant).toMatchObject({
      experimentId,
      experiment: 'Headline',
      key: 'B',
      name: 'Zebra',
    });
    const res = await api(`/leads/${lead!.id}`, readKey);
    const detail = await conforming(doc, res, '/leads/{id}', 'get');
    expect(detail.submissionsList[0].variant).toMatchObject({
      experimentId,
      experiment: 'Headline',
      key: 'B',
      name: 'Zebra',
    });
  });

  it('gives no verdict before the minimum sample, and says what it lacks', async () => {
    const body = await results();
    expect(body.leader).toBeNull();
    expect(body.verdict).toMatch(/^Too early to call/);
    expect(body.sampleLacks.join(' ')).toMatch(/more day/);
  });

  it('promotes B: it is the live page for everyone, the cookie no longer matters', async () => {
    const onA = await (async () => {
      for (;;) {
        const seen = await view();
        if (seen.variant === 'A') return cookiePair(seen.cookie!);
      }
    })();
    const promoted = await api(`/experiments/${experimentId}/promote`, writeKey, {
      method: 'POST',
      body: JSON.stringify({ variant: 'B' }),
    });
    expect(promoted.status).toBe(200);
    const ended = await conforming(doc, promoted, '/experiments/{id}/promote', 'post');
    expect(ended.state).toBe('ended');
    expect(ended.winner).toBe('B');
    for (const headers of <Record<string, string>[]>[{}, { cookie: onA }]) {
      const seen = await view(headers);
      expect(seen.variant).toBe('B');
      expect(seen.cookie).toBeNull();
      expect(seen.res.headers.get('cache-control')).toMatch(/^public/);
    }
    const again = await api(`/experiments/${experimentId}/promote`, writeKey, {
      method: 'POST',
      body: JSON.stringify({ variant: 'A' }),
    });
    expect(again.status).toBe(409);
    const unknown = await api(`/experiments/${experimentId}/promote`, writeKey, {
      method: 'POST',
      body: JSON.stringify({ variant: 'Z' }),
    });
    expect(unknown.status).toBe(400);
  });

  it('stops a second test without losing a lead', async () => {
    const made = await api(`/pages/${page.pageId}/experiments`, writeKey, {
      method: 'POST',
      body: JSON.stringify({ name: 'Second', variants: [{ name: 'Now' }, { name: 'Copy' }] }),
    });
    expect(made.status).toBe(201);
    const second = (await made.json()).id;
    expect((await api(`/experiments/${second}/start`, writeKey, { method: 'POST' })).status).toBe(
      200,
    );
    const visitor = cookiePair((await view()).cookie!);
    await postLead(
      server.url,
      page.slug,
      { ...DEMO_ANSWERS, email: 'di@hooli.com' },
      {
        cookie: visitor,
      },
    );
    const count = () =>
      Number(readDb<{ n: number }>(server.dataDir, 'select count(*) as n from leads')[0]!.n);
    const before = count();
    const stopped = await api(`/experiments/${second}/stop`, writeKey, { method: 'POST' });
    expect(stopped.status).toBe(200);
    expect((await conforming(doc, stopped, '/experiments/{id}/stop', 'post')).winner).toBeNull();
    expect(count()).toBe(before);
    expect((await view({ cookie: visitor })).cookie).toBeNull();
  });
});

describe('the admin’s A/B test page', () => {
  it('makes, starts, reads and ends a test with forms', async () => {
    const here = `/admin/pages/${page.pageId}/experiment`;
    const blank = await owner.page(here);
    expect(blank.status).toBe(200);
    expect(blank.html).toContain('New test');
    // A test with one variant is refused, the form kept.
    await owner.page(here);
    const refused = await owner.post(here, {
      _action: 'create',
      name: 'Form length',
      name_A: 'Current',
      name_B: '',
      metric: 'hot',
      windowDays: '14',
      minVisitors: '1000',
      minConversions: '25',
      minDays: '7',
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Name variant B.');
    const made = await owner.post(here, {
      _action: 'create',
      name: 'Form length',
      name_A: 'Current',
      name_B: 'Short form',
      share_A: '50',
      share_B: '50',
      metric: 'warm_or_hot',
      windowDays: '7',
      minVisitors: '1000',
      minConversions: '25',
      minDays: '7',
    });
    expect(made.status).toBe(303);
    const draft = await owner.page(here);
    expect(draft.html).toContain('Not started');
    const variantPage = /href="\/admin\/pages\/([^/"]+)\/edit">Edit B/.exec(draft.html)![1]!;
    // The variant is edited in the page editor, which says what it edits.
    const editor = await owner.page(`/admin/pages/${variantPage}/edit`);
    expect(editor.html).toContain('You are editing variant B');
    // …and is listed nowhere as a page of its own.
    expect((await owner.page('/admin/pages')).html).not.toContain(variantPage);
    const experiment = /name="experiment" value="([^"]+)"/.exec(draft.html)![1]!;
    await owner.page(here);
    expect((await owner.post(here, { _action: 'start', experiment })).status).toBe(303);
    const running = await owner.page(here);
    expect(running.html).toContain('Running');
    expect(running.html).toContain('data-testid="verdict"');
    expect(running.html).toContain('Too early to call');
    expect(running.html).toContain('Warm or hot leads / visitor');
    expect((await owner.post(here, { _action: 'promote', experiment, variant: 'A' })).status).toBe(
      303,
    );
    const ended = await owner.page(here);
    expect(ended.html).toContain('A was promoted');
    expect(ended.html).toContain('Ended before the minimum sample was in');
    expect(ended.html).toContain('New test');
  });
});
