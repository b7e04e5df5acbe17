import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { loadLeadFacts } from '../../src/domain/leads/lead-facts';
import { eraseLead } from '../../src/domain/leads/lead-actions';
import { getLead } from '../../src/domain/leads/lead-detail';
import { describeActivity } from '../../src/domain/leads/timeline';
import { previewModel, rescoreLead, rescoreWorkspace } from '../../src/domain/leads/rescore';
import { rescoreAfterRulesUpgrade } from '../../src/domain/leads/rules-upgrade';
import { submitForm } from '../../src/domain/leads/submit';
import { DEFAULT_MODEL } from '../../src/domain/scoring/model';
import { activeModel, saveModel } from '../../src/domain/scoring/model-store';
import { beaconSchema } from '../../src/domain/tracking/beacon';
import { ingestBeacon } from '../../src/domain/tracking/ingest';
import { visitBeacon } from '../helpers/beacons';
import { testDb } from '../helpers/db';
import { publishedTemplatePage, submission } from '../helpers/seed';

const NOW = 1_750_000_000_000;
const DAY = 86_400_000;
const { version: _version, ...DEFAULTS } = DEFAULT_MODEL;

/** A visit of the tracked browser `vid`: time on page, scroll, and the sections seen. */
function visit(
  db: Db,
  page: { pageId: string; workspaceId: string },
  vid: string,
  sid: string,
  at: number,
  blocks: string[],
  engagedMs = 20_000,
) {
  return ingestBeacon(db, {
    pageId: page.pageId,
    workspaceId: page.workspaceId,
    receivedAt: at + 60_000,
    beacon: beaconSchema.parse(
      visitBeacon({ page: 'tallyhawk', vid, sid, at, engagedMs, scroll: 90, blocks }),
    ),
  });
}

const person = (email: string, timeline = 'Later this year') => ({
  name: 'Sam Reader',
  email,
  company: 'Initech',
  timeline,
  consent: 'on',
});

describe('lead facts', () => {
  it('gathers the visits of every linked browser, with the types of the sections seen', async () => {
    const db = await testDb();
    const { page } = await publishedTemplatePage(db, NOW);
    await visit(db, page, 'browser-aaaaaaaa', 'visit-one-00000', NOW - 2 * DAY, [
      'hero',
      'demo-form',
      'gone',
    ]);
    const done = await submitForm(
      db,
      submission(page, person('sam@initech.com'), NOW, { visitorPublicId: 'browser-aaaaaaaa' }),
    );
    if (!done.ok) throw new Error('submit');
    const facts = (
      await loadLeadFacts(db, [{ id: done.value.leadId, email: 'sam@initech.com' }])
    ).get(done.value.leadId)!;
    expect(facts.submissions).toHaveLength(1);
    expect(facts.visits).toEqual([
      {
        at: NOW - 2 * DAY,
        engagedMs: 20_000,
        maxScroll: 90,
        sectionsSeen: 3,
        blockTypesSeen: ['hero', 'form'],
        clicks: 0,
        utm: {},
      },
    ]);
  });
});

describe('re-scoring', () => {
  it('raises a lead when its browser comes back, without a new submission', async () => {
    const db = await testDb();
    const { page, workspaceId } = await publishedTemplatePage(db, NOW);
    const done = await submitForm(
      db,
      submission(page, person('sam@initech.com'), NOW, { visitorPublicId: 'browser-bbbbbbbb' }),
    );
    if (!done.ok) throw new Error('submit');
    const before = (await getLead(db, workspaceId, done.value.leadId))!;
    await visit(
      db,
      page,
      'browser-bbbbbbbb',
      'visit-two-00000',
      NOW + DAY,
      ['hero', 'features', 'proof', 'faq'],
      90_000,
    );
    await rescoreLead(db, done.value.leadId, NOW + DAY + 60_000, 'visit');
    const after = (await getLead(db, workspaceId, done.value.leadId))!;
    expect(after.score).toBeGreaterThan(before.score);
    expect(after.breakdown.map((b) => b.rule)).toEqual(
      expect.arrayContaining(['engaged_reading', 'deep_scroll', 'sections_seen']),
    );
    // The timeline says so too, so it agrees with the score at the top of the lead page.
    expect(after.tier).toBe(before.tier);
    const moved = after.activity.find((a) => a.type === 'score_change')!;
    expect(moved.data).toMatchObject({ from: before.score, to: after.score, tier: after.tier });
    expect(describeActivity(moved)).toBe(
      `Score rose from ${before.score} to ${after.score}, still ${after.tier}: new activity on your pages`,
    );
  });

  it('re-scores a whole workspace under a new model, as the preview said, and records why', async () => {
    const db = await testDb();
    const { page, workspaceId } = await publishedTemplatePage(db, NOW);
    for (let i = 0; i < 30; i++) {
      const done = await submitForm(
        db,
        submission(
          page,
          person(`p${i}@initech.com`, i % 3 ? 'Later this year' : 'This month'),
          NOW,
        ),
      );
      expect(done.ok).toBe(true);
    }
    // All hot under the defaults: a demo request from a named company (60), and with
    // "this month" (85). Stricter thresholds make the first cold and the second warm.
    const stricter = { ...DEFAULTS, thresholds: { ...DEFAULTS.thresholds, hot: 90, warm: 61 } };
    const preview = await previewModel(db, workspaceId, { ...stricter, version: 1 }, NOW);
    expect(preview.leads).toBe(30);
    expect(preview.moves).toEqual({ 'hot>warm': 10, 'hot>cold': 20 });
    const saved = await saveModel(db, { workspaceId, model: stricter, userId: null, now: NOW });
    expect(saved.version).toBe(1);
    expect((await activeModel(db, workspaceId)).thresholds.hot).toBe(90);
    const done = await rescoreWorkspace(db, workspaceId, {
      now: NOW + 1,
      cause: 'model',
      batchSize: 7,
    });
    expect(done).toEqual({ leads: 30, updated: 30, moves: preview.moves });
    const leads = await db.selectFrom('leads').select(['tier', 'model_version']).execute();
    expect(new Set(leads.map((l) => l.model_version))).toEqual(new Set([1]));
    const changes = await db
      .selectFrom('lead_activity')
      .select('data_json')
      .where('type', '=', 'tier_change')
      .where('at', '=', NOW + 1)
      .execute();
    expect(changes).toHaveLength(30);
    expect(JSON.parse(changes[0]!.data_json)).toMatchObject({
      cause: 'the scoring model changed',
      modelVersion: 1,
    });
    // Nothing changed since: a second pass writes nothing.
    expect(
      (await rescoreWorkspace(db, workspaceId, { now: NOW + 1, cause: 'model' })).updated,
    ).toBe(0);
  });
});

describe('an upgrade of the scoring rules', () => {
  it('re-scores every lead once, as a model change on its timeline', async () => {
    const db = await testDb();
    const { page, workspaceId } = await publishedTemplatePage(db, NOW);
    const done = await submitForm(db, submission(page, person('sam@initech.com'), NOW));
    if (!done.ok) throw new Error('submit');
    // As the rules before the two axes left it: hot, from reasons the new rules do not give.
    await db
      .updateTable('leads')
      .set({ tier: 'hot', score: 99, breakdown_json: '[]' })
      .where('id', '=', done.value.leadId)
      .execute();
    expect(await rescoreAfterRulesUpgrade(db, NOW + DAY)).toBe(1);
    const lead = (await getLead(db, workspaceId, done.value.leadId))!;
    expect(lead.tier).not.toBe('hot');
    expect(lead.activity[0]).toMatchObject({
      type: 'tier_change',
      data: { from: 'hot', to: lead.tier, cause: 'the scoring model changed' },
    });
    // A second start (or a second instance) finds the revision recorded and does nothing.
    expect(await rescoreAfterRulesUpgrade(db, NOW + 2 * DAY)).toBeNull();
  });
});

describe('a browser two people share (issue 37)', () => {
  it('credits each visit to whoever had identified themselves on the browser, and erases apart', async () => {
    const db = await testDb();
    const { page, workspaceId } = await publishedTemplatePage(db, NOW);
    const vid = 'browser-shared-0';
    // Day one: a glance of a few seconds, then a signup with an email only.
    await visit(db, page, vid, 'visit-glance-00', NOW - DAY, ['hero'], 4_000);
    const first = await submitForm(
      db,
      submission(page, person('first@gmail.com', 'Just exploring'), NOW - DAY + 10_000, {
        visitorPublicId: vid,
        visitPublicId: 'visit-glance-00',
      }),
    );
    // Day two: someone else reads the features and the prices, and asks for a demo.
    await visit(
      db,
      page,
      vid,
      'visit-reader-00',
      NOW,
      ['hero', 'features', 'pricing', 'faq'],
      76_000,
    );
    const second = await submitForm(
      db,
      submission(page, person('second@initech.com', 'This month'), NOW + 90_000, {
        visitorPublicId: vid,
        visitPublicId: 'visit-reader-00',
      }),
    );
    if (!first.ok || !second.ok) throw new Error('submit');
    expect(second.value.leadId).not.toBe(first.value.leadId);
    const a = (await getLead(db, workspaceId, first.value.leadId))!;
    const b = (await getLead(db, workspaceId, second.value.leadId))!;
    expect(a.visits.map((v) => v.at)).toEqual([NOW - DAY]);
    expect(b.visits.map((v) => v.at)).toEqual([NOW]);
    expect(a.breakdown.map((l) => l.rule)).not.toContain('pricing_viewed');
    expect(a.breakdown.map((l) => l.rule)).not.toContain('return_visits');
    expect(b.breakdown.map((l) => l.rule)).toEqual(expect.arrayContaining(['pricing_viewed']));
    expect(a.activity.find((e) => e.type === 'browser_handover')?.data).toEqual({
      direction: 'out',
    });
    expect(b.activity.find((e) => e.type === 'browser_handover')?.data).toEqual({
      direction: 'in',
      previousLeadId: a.id,
    });
    // The same person again on that browser changes nothing.
    await submitForm(
      db,
      submission(page, person('second@initech.com', 'This month'), NOW + 2 * DAY, {
        visitorPublicId: vid,
      }),
    );
    const handovers = await db
      .selectFrom('lead_activity')
      .select('id')
      .where('type', '=', 'browser_handover')
      .execute();
    expect(handovers).toHaveLength(2);

    // Erasing the first person takes their visit and leaves the browser to the second.
    expect(await eraseLead(db, { workspaceId, leadId: a.id })).toBe(true);
    const left = await db.selectFrom('visits').select(['lead_id']).execute();
    expect(left.map((v) => v.lead_id)).toEqual([b.id]);
    const browser = await db.selectFrom('visitors').select('lead_id').executeTakeFirstOrThrow();
    expect(browser.lead_id).toBe(b.id);
    // Erasing the second, the last person on it, takes the browser too.
    expect(await eraseLead(db, { workspaceId, leadId: b.id })).toBe(true);
    expect(await db.selectFrom('visitors').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('visits').select('id').execute()).toEqual([]);
  });
});
