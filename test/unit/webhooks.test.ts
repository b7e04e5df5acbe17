import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { recordActivity } from '../../src/domain/leads/activity';
import { queueWebhookEvent } from '../../src/domain/webhooks/deliveries';
import { createEndpoint, endpointFormSchema } from '../../src/domain/webhooks/endpoints';
import { eventOfActivity, eventOfPublish } from '../../src/domain/webhooks/events';
import { newWebhookSecret, signedHeaders } from '../../src/domain/webhooks/signing';
import { isNonPublicAddress, outboundPoster } from '../../src/platform/outbound-http';
import { SecretBox } from '../../src/platform/secret-box';
import { testDb } from '../helpers/db';
import { publishedTemplatePage, submission } from '../helpers/seed';
import { submitForm } from '../../src/domain/leads/submit';
import { webhookPayloadErrors } from '../helpers/webhook-schema';

const T0 = 1_750_000_000_000;
const box = new SecretBox(() => 'a key for the tests, long enough', 'webhook-signing-secrets');
const allowAll = outboundPoster({ allowInternal: true });

async function leadOn(db: Db) {
  const { page, workspaceId } = await publishedTemplatePage(db, T0);
  const made = await submitForm(
    db,
    submission(
      page,
      { name: 'Pat Doe', email: 'pat@initech.com', company: 'Initech', consent: 'on' },
      T0,
    ),
  );
  if (!made.ok) throw new Error('submission');
  const lead = await db.selectFrom('leads').selectAll().executeTakeFirstOrThrow();
  return { page, workspaceId, lead };
}

/** An endpoint wanting every event: without one, a workspace's events build no payload. */
async function hooked(db: Db, workspaceId: string) {
  const made = await createEndpoint(db, box, allowAll, {
    workspaceId,
    form: endpointFormSchema.parse({
      url: 'http://127.0.0.1:9/all',
      events: ['lead.created', 'lead.tier_changed', 'lead.updated', 'page.published'],
    }),
    now: T0,
  });
  if (!made.ok) throw new Error(made.message);
  return made.value.id;
}

const activityIdOf = async (db: Db, type: string) =>
  (
    await db
      .selectFrom('lead_activity')
      .select('id')
      .where('type', '=', type)
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow()
  ).id;

describe('webhook signatures', () => {
  it('are what the Standard Webhooks reference library verifies, with either live secret', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const body = JSON.stringify({ type: 'lead.created', data: { x: 1 } });
    const headers = signedHeaders([a, b], 'evt_1', Date.now(), body);
    expect(new Webhook(a).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(b).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(a).verify(body.replace('1', '2'), headers)).toThrow();
  });

  it('secrets are sealed: what is stored opens only with the key', async () => {
    const secret = newWebhookSecret();
    const sealed = await box.seal(secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(await box.open(sealed)).toBe(secret);
    await expect(new SecretBox(() => 'another key entirely', 'x').open(sealed)).rejects.toThrow();
  });
});

describe('which addresses are public', () => {
  it.each([
    ['10.1.2.3', true],
    ['127.0.0.1', true],
    ['169.254.169.254', true],
    ['172.16.5.4', true],
    ['192.168.1.1', true],
    ['100.100.100.200', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['fd00:ec2::254', true],
    ['fe80::1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:127.0.0.1', true],
    ['not an address', true],
    // The forms an attacker found accepted (issue 29.10): IPv4-compatible, the mapped range
    // written in hex, NAT64's local-use prefix, 6to4 embedding a private IPv4, site-local.
    ['::127.0.0.1', true],
    ['::ffff:0:0', true],
    ['::ffff:7f00:1', true],
    ['64:ff9b:1::a00:1', true],
    ['2002:a00:1::1', true],
    ['2002:7f00:1::1', true],
    ['fec0::1', true],
    // NAT64's well-known prefix and 6to4 are judged by the IPv4 address they carry.
    ['64:ff9b::10.0.0.1', true],
    ['64:ff9b::8.8.8.8', false],
    ['2002:808:808::1', false],
    ['::ffff:0:10.0.0.1', true],
    // Not global unicast: documentation, Teredo, ORCHID, discard, multicast, unspecified.
    ['2001:db8::1', true],
    ['2001::1', true],
    ['2001:20::1', true],
    ['100::1', true],
    ['ff02::1', true],
    ['::', true],
    ['192.0.2.1', true],
    ['198.18.0.1', true],
    ['255.255.255.255', true],
    ['::ffff:8.8.8.8', false],
    ['2a00:1450:4001:80b::200e', false],
    ['93.184.216.34', false],
    ['8.8.8.8', false],
    ['2606:4700:4700::1111', false],
  ])('%s is non-public: %s', (address, inside) => {
    expect(isNonPublicAddress(address)).toBe(inside);
  });
});

describe('webhook events', () => {
  it('a first submission is lead.created with the lead, its reasons and its answers', async () => {
    const db = await testDb();
    const { lead, workspaceId } = await leadOn(db);
    const submitted = await activityIdOf(db, 'submission');
    // No endpoint in the workspace: no payload is built at all.
    expect(await eventOfActivity(db, submitted, 'https://k.example')).toBeNull();
    await hooked(db, workspaceId);
    const event = await eventOfActivity(db, submitted, 'https://k.example');
    expect(event?.type).toBe('lead.created');
    const body = JSON.parse(event!.payload);
    expect(body).toMatchObject({ type: 'lead.created', version: 1 });
    expect(body.data.lead).toMatchObject({
      id: lead.id,
      email: 'pat@initech.com',
      tier: lead.tier,
      score: lead.score,
      url: `https://k.example/admin/leads/${lead.id}`,
    });
    expect(body.data.lead.submission.answers).toContainEqual({
      name: 'company',
      label: expect.any(String),
      value: 'Initech',
    });
    expect(body.data.lead.breakdown.length).toBeGreaterThan(0);
    // Consent travels with the lead: each box as the person saw it, and whether they agreed.
    expect(body.data.lead.submission.consent).toEqual([
      {
        text: expect.stringContaining('may contact me'),
        version: expect.stringMatching(/^[0-9a-f]{12}$/),
        given: true,
        doubleOptIn: false,
        confirmedAt: null,
      },
    ]);
    expect(webhookPayloadErrors(event!.payload)).toEqual([]);
  });

  it('carries a double opt-in consent with the time the address was confirmed', async () => {
    const db = await testDb();
    const { lead, workspaceId } = await leadOn(db);
    await db
      .updateTable('submissions')
      .set({
        consent_json: JSON.stringify([
          { text: 'Send me news', version: 'abc123abc123', given: true, needsConfirmation: true },
        ]),
        consent_confirmed_at: T0 + 60_000,
      })
      .execute();
    await hooked(db, workspaceId);
    const event = await eventOfActivity(
      db,
      await activityIdOf(db, 'submission'),
      'https://k.example',
    );
    expect(JSON.parse(event!.payload).data.lead.submission.consent).toEqual([
      {
        text: 'Send me news',
        version: 'abc123abc123',
        given: true,
        doubleOptIn: true,
        confirmedAt: new Date(T0 + 60_000).toISOString(),
      },
    ]);
    expect(lead.id).toBeTruthy();
  });

  it('refuses to build a payload that does not fit its schema, rather than sending a null', async () => {
    const db = await testDb();
    const { workspaceId } = await leadOn(db);
    await db.updateTable('submissions').set({ consent_json: '{"marketing":true}' }).execute();
    await hooked(db, workspaceId);
    await expect(
      eventOfActivity(db, await activityIdOf(db, 'submission'), 'https://k.example'),
    ).rejects.toThrow();
  });

  it('status changes, notes and later tier changes are lead.updated and lead.tier_changed', async () => {
    const db = await testDb();
    const { lead, workspaceId } = await leadOn(db);
    await hooked(db, workspaceId);
    const entry = (type: string, data: Record<string, unknown>) => ({
      workspaceId,
      leadId: lead.id,
      type,
      at: T0 + 1000,
      data,
    });
    await recordActivity(
      db,
      entry('status_change', { from: 'new', to: 'contacted' }),
      entry('note', { text: 'Called, wants a quote' }),
      entry('tier_change', {
        from: 'warm',
        to: 'hot',
        cause: 'new activity on your pages',
        reasons: ['Came back: +10'],
      }),
    );
    const of = async (type: string) =>
      JSON.parse((await eventOfActivity(db, await activityIdOf(db, type), 'https://k'))!.payload);
    expect(await of('status_change')).toMatchObject({
      type: 'lead.updated',
      data: { change: 'status', from: 'new', to: 'contacted' },
    });
    expect(await of('note')).toMatchObject({
      type: 'lead.updated',
      data: { change: 'note', note: 'Called, wants a quote' },
    });
    expect(await of('tier_change')).toMatchObject({
      type: 'lead.tier_changed',
      data: {
        from: 'warm',
        to: 'hot',
        why: 'new activity on your pages',
        reasons: ['Came back: +10'],
      },
    });
  });

  it('goes only to endpoints that want its type, its page and its tier, once however often queued', async () => {
    const db = await testDb();
    const { lead, workspaceId, page } = await leadOn(db);
    const add = async (form: Record<string, unknown>) => {
      const made = await createEndpoint(db, box, allowAll, {
        workspaceId,
        form: endpointFormSchema.parse({ url: 'http://127.0.0.1:9/hook', ...form }),
        now: T0,
      });
      if (!made.ok) throw new Error(made.message);
      return made.value.id;
    };
    const all = await add({ events: ['lead.created', 'page.published'] });
    await add({ events: 'lead.created', tiers: lead.tier === 'cold' ? 'hot' : 'cold' });
    const thisPage = await add({ events: 'lead.created', pageIds: page.pageId });
    await add({ events: 'lead.created', pageIds: 'some-other-page' });
    await add({ events: 'lead.updated' });
    const event = (await eventOfActivity(db, await activityIdOf(db, 'submission'), 'https://k'))!;
    await queueWebhookEvent(db, workspaceId, event, T0);
    await queueWebhookEvent(db, workspaceId, event, T0);
    const deliveries = await db.selectFrom('webhook_deliveries').select('endpoint_id').execute();
    expect(deliveries.map((d) => d.endpoint_id).sort()).toEqual([all, thisPage].sort());
    const jobs = await db
      .selectFrom('jobs')
      .select('key')
      .where('kind', '=', 'webhook-delivery')
      .execute();
    expect(jobs).toHaveLength(2);
  });

  it('page.published is queued in the publish transaction and names the page and version', async () => {
    const db = await testDb();
    const { page } = await leadOn(db);
    const jobs = await db
      .selectFrom('jobs')
      .select(['payload_json'])
      .where('kind', '=', 'page-event')
      .execute();
    expect(jobs).toHaveLength(1);
    const { versionId } = JSON.parse(jobs[0]!.payload_json) as { versionId: string };
    const event = await eventOfPublish(db, versionId, 'https://pages.example');
    expect(JSON.parse(event!.payload)).toMatchObject({
      type: 'page.published',
      data: {
        page: { id: page.pageId, url: expect.stringMatching(/^https:\/\/pages\.example\/p\//) },
        version: 1,
      },
    });
  });
});
