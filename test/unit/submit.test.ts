import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { getLead } from '../../src/domain/leads/lead-detail';
import { rescoreLead } from '../../src/domain/leads/rescore';
import { saveModel } from '../../src/domain/scoring/model-store';
import { submitForm, type SubmitInput } from '../../src/domain/leads/submit';
import { DEFAULT_MODEL } from '../../src/domain/scoring/model';
import { testDb } from '../helpers/db';
import { HUMAN_UA, publishedTemplatePage, submission } from '../helpers/seed';

const NOW = 1_750_000_000_000;
const publishedDemoPage = (db: Db) => publishedTemplatePage(db, NOW);
const input = (
  page: SubmitInput['page'],
  raw: SubmitInput['raw'],
  extra: Partial<SubmitInput> = {},
) => submission(page, raw, NOW, extra);

const answers = {
  name: 'Jo Lee',
  email: 'Jo@Northwind.com',
  company: 'Northwind',
  timeline: 'This quarter',
  consent: 'on',
};

describe('submitting a form (real database)', () => {
  it('stores the lead, the submission and the timeline, scored with reasons', async () => {
    const db = await testDb();
    const { page, workspaceId } = await publishedDemoPage(db);
    const result = await submitForm(db, input(page, answers));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const lead = (await getLead(db, workspaceId, result.value.leadId))!;
    expect(lead).toMatchObject({
      email: 'Jo@Northwind.com',
      name: 'Jo Lee',
      company: 'Northwind',
      submissions: 1,
    });
    // "This quarter" is intent too, weaker than "this month" (issue 13).
    expect(lead.breakdown.map((b) => b.rule)).toEqual([
      'demo_request',
      'quarter_timeline',
      'business_email',
      'company_named',
    ]);
    expect(lead.score).toBe(70);
    expect(lead.tier).toBe('hot');
    expect(lead.activity.map((a) => a.type).sort()).toEqual(['submission', 'tier_change']);
    const consent = await db
      .selectFrom('submissions')
      .select(['consent_json', 'ip_hash'])
      .executeTakeFirstOrThrow();
    expect(JSON.parse(consent.consent_json!)).toEqual([
      {
        // Word for word as the visitor saw it: the link leads to the page's own legal page.
        text: 'I agree that Tallyhawk may contact me about this request. [Privacy policy: /p/tallyhawk/privacy]',
        version: expect.stringMatching(/^[0-9a-f]{12}$/),
        given: true,
      },
    ]);
  });

  it('never makes a second submission for the same idempotency key', async () => {
    const db = await testDb();
    const { page } = await publishedDemoPage(db);
    const key = 'k'.repeat(24);
    const [a, b] = await Promise.all([
      submitForm(db, input(page, answers, { idempotencyKey: key })),
      submitForm(db, input(page, answers, { idempotencyKey: key })),
    ]);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(a.value.submissionId).toBe(b.value.submissionId);
      expect([a.value.duplicate, b.value.duplicate].sort()).toEqual([false, true]);
    }
    expect(await db.selectFrom('submissions').selectAll().execute()).toHaveLength(1);
  });

  it('treats the same answers resent without a key as one submission (no-JS double post)', async () => {
    const db = await testDb();
    const { page } = await publishedDemoPage(db);
    await submitForm(db, input(page, answers));
    await submitForm(db, input(page, answers, { now: NOW + 5_000 }));
    expect(await db.selectFrom('submissions').selectAll().execute()).toHaveLength(1);
  });

  it('makes a returning email the same lead, a second touch, and re-scores it', async () => {
    const db = await testDb();
    const { page, workspaceId } = await publishedDemoPage(db);
    const first = await submitForm(
      db,
      input(page, answers, { idempotencyKey: 'first-key-0000000' }),
    );
    const second = await submitForm(
      db,
      input(
        page,
        { ...answers, email: 'Jo@NORTHWIND.com', company: 'Northwind Ltd', timeline: 'This month' },
        { idempotencyKey: 'second-key-000000', now: NOW + 86_400_000 },
      ),
    );
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.value.leadId).toBe(first.value.leadId);
    const lead = (await getLead(db, workspaceId, first.value.leadId))!;
    expect(lead.submissions).toBe(2);
    expect(lead.breakdown.map((b) => b.rule)).toContain('repeat_submission');
    expect(lead.breakdown.map((b) => b.rule)).toContain('near_timeline');
    expect(lead.company).toBe('Northwind Ltd');
    expect(lead.activity).toContainEqual(
      expect.objectContaining({
        type: 'field_change',
        data: { field: 'company', from: 'Northwind', to: 'Northwind Ltd' },
      }),
    );
    expect(await db.selectFrom('leads').selectAll().execute()).toHaveLength(1);
  });

  it('returns field errors, stores nothing, and keeps what was typed', async () => {
    const db = await testDb();
    const { page } = await publishedDemoPage(db);
    const result = await submitForm(db, input(page, { ...answers, email: 'nope' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fields).toEqual({ email: expect.stringMatching(/valid email/) });
    expect(await db.selectFrom('leads').selectAll().execute()).toHaveLength(0);
  });

  it('refuses a form id that is not on the page', async () => {
    const db = await testDb();
    const { page } = await publishedDemoPage(db);
    const result = await submitForm(db, input(page, answers, { formBlockId: 'hero' }));
    expect(!result.ok && result.code).toBe('unknown_form');
  });

  it('stores a suspicious submission flagged unqualified, with the reasons, never dropping it', async () => {
    const db = await testDb();
    const { page, workspaceId } = await publishedDemoPage(db);
    const result = await submitForm(
      db,
      input(
        page,
        { ...answers, email: 'x@mailinator.com' },
        { signals: { honeypot: 'http://spam', elapsedMs: 400, userAgent: 'python-requests/2.31' } },
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const lead = await db
      .selectFrom('leads')
      .selectAll()
      .where('id', '=', result.value.leadId)
      .executeTakeFirstOrThrow();
    expect(lead.qualified).toBe(0);
    expect(lead.unqualified_reason).toContain('bot trap');
    expect(lead.unqualified_reason).toContain('0.4 s');
    expect(lead.unqualified_reason).toContain('mailinator.com');
    const sub = await db.selectFrom('submissions').select('flags_json').executeTakeFirstOrThrow();
    expect(JSON.parse(sub.flags_json).map((f: { rule: string }) => f.rule)).toEqual([
      'honeypot',
      'too_fast',
      'bot_user_agent',
      'disposable_email',
    ]);
    expect((await getLead(db, workspaceId, lead.id))?.submissions).toBe(1);
  });

  it('never lets a flagged submission unqualify a lead that was qualified', async () => {
    const db = await testDb();
    const { page } = await publishedDemoPage(db);
    await submitForm(db, input(page, answers, { idempotencyKey: 'real-person-000001' }));
    await submitForm(
      db,
      input(page, answers, {
        idempotencyKey: 'bot-reuse-0000001',
        signals: { honeypot: 'x', elapsedMs: 10, userAgent: 'curl/8' },
      }),
    );
    const lead = await db
      .selectFrom('leads')
      .select(['qualified', 'submissions_count'])
      .executeTakeFirstOrThrow();
    expect(lead).toEqual({ qualified: 1, submissions_count: 2 });
  });

  it('qualifies a lead again when a clean submission follows a flagged one', async () => {
    const db = await testDb();
    const { page } = await publishedDemoPage(db);
    await submitForm(
      db,
      input(page, answers, {
        idempotencyKey: 'too-fast-00000001',
        signals: { honeypot: '', elapsedMs: 900, userAgent: HUMAN_UA },
      }),
    );
    expect(
      (await db.selectFrom('leads').select('qualified').executeTakeFirstOrThrow()).qualified,
    ).toBe(0);
    await submitForm(db, input(page, answers, { idempotencyKey: 'human-speed-00001' }));
    expect(
      await db
        .selectFrom('leads')
        .select(['qualified', 'unqualified_reason'])
        .executeTakeFirstOrThrow(),
    ).toEqual({ qualified: 1, unqualified_reason: null });
  });

  it('thanks each tier with its own message when the form sets one', async () => {
    const db = await testDb();
    const { page } = await publishedDemoPage(db);
    const form = page.document.blocks.find((b) => b.type === 'form')!;
    if (form.type === 'form')
      form.props.form.tierMessages = {
        hot: 'Book a call now: cal.example/sales',
        cold: 'Welcome to the newsletter',
      };
    const hot = await submitForm(db, input(page, answers, { idempotencyKey: 'hot-visitor-00001' }));
    expect(hot.ok && hot.value).toMatchObject({
      tier: 'hot',
      message: 'Book a call now: cal.example/sales',
    });
    const warm = await submitForm(
      db,
      input(
        page,
        { ...answers, email: 'x@gmail.com', timeline: 'Just exploring' },
        { idempotencyKey: 'warm-visitor-0001' },
      ),
    );
    expect(warm.ok && warm.value.tier).toBe('warm');
    expect(warm.ok && warm.value.message).toBe(
      form.type === 'form' ? form.props.form.successMessage : '',
    );
  });

  it('re-scores a lead under a new model and records the tier change with the reasons', async () => {
    const db = await testDb();
    const { page, workspaceId } = await publishedDemoPage(db);
    const result = await submitForm(db, input(page, answers));
    if (!result.ok) throw new Error('submit');
    expect(result.value.tier).toBe('hot');
    const { version: _, ...defaults } = DEFAULT_MODEL;
    const stricter = { ...defaults, thresholds: { ...defaults.thresholds, hot: 90, warm: 40 } };
    await saveModel(db, { workspaceId, model: stricter, userId: null, now: NOW });
    expect(await rescoreLead(db, result.value.leadId, NOW + 1000, 'model')).toBe('warm');
    const lead = (await getLead(db, workspaceId, result.value.leadId))!;
    expect(lead.tier).toBe('warm');
    expect(lead.activity[0]).toMatchObject({
      type: 'tier_change',
      data: { from: 'hot', to: 'warm', score: 70 },
    });
    expect(lead.activity[0]!.data).toMatchObject({
      cause: 'the scoring model changed',
      modelVersion: 1,
    });
    expect(await rescoreLead(db, 'no-such-lead', NOW, 'model')).toBeNull();
  });
});
