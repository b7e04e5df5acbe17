/**
 * `npm run demo`: a demo workspace with two published pages and a handful of leads, made
 * through the same domain calls the admin and the public form use. Safe to run again: the
 * seeded submissions carry fixed idempotency keys, so nothing is duplicated.
 */
import { openDatabase } from '../../db/client';
import { migrateToLatest } from '../../db/migrator';
import {
  createOwnerAccount,
  needsOwnerSetup,
  resetPassword,
  signUp,
} from '../domain/auth/accounts';
import { newSecretToken } from '../shared/ids';
import { createPageFromTemplate, listPages, publishPage } from '../domain/landing-pages/pages';
import { lookUpPublishedPage } from '../domain/landing-pages/live-pages';
import { submitForm } from '../domain/leads/submit';
import { beaconSchema } from '../domain/tracking/beacon';
import { ingestBeacon } from '../domain/tracking/ingest';
import { activeModel } from '../domain/scoring/model-store';
import { defaultWorkspaceOf } from '../domain/workspaces/workspaces';
import { loadConfig } from '../app/config';

const DEMO_EMAIL = 'demo@kindling.local';
const DAY = 86_400_000;

type Persona = {
  key: string;
  template: 'b2b-demo-request' | 'newsletter-signup';
  daysAgo: number;
  answers: Record<string, string>;
};
const consent = { consent: 'on' };

/** How visitors arrive, in turn: the demo's traffic is not all "direct". */
const ARRIVALS: { query: string; ref?: string }[] = [
  { query: '?utm_source=linkedin&utm_medium=paid-social&utm_campaign=q4-close' },
  { query: '', ref: 'https://www.google.com/' },
  { query: '?utm_source=newsletter&utm_medium=email&utm_campaign=december' },
  { query: '' },
  { query: '', ref: 'https://news.ycombinator.com/item?id=41000000' },
  { query: '?utm_source=google&utm_medium=cpc&utm_campaign=month-end' },
];
/** Visitors per published page who read and leave: a page converts a few of its readers. */
const BROWSERS_PER_PAGE = 40;
const PERSONAS: Persona[] = [
  {
    key: 'sam-1',
    template: 'newsletter-signup',
    daysAgo: 9,
    answers: { email: 'sam.okafor@initech.com', first_name: 'Sam' },
  },
  {
    key: 'sam-2',
    template: 'b2b-demo-request',
    daysAgo: 1,
    answers: {
      name: 'Sam Okafor',
      email: 'sam.okafor@initech.com',
      company: 'Initech',
      team_size: '6–20',
      timeline: 'This quarter',
      ...consent,
    },
  },
  {
    key: 'priya',
    template: 'b2b-demo-request',
    daysAgo: 2,
    answers: {
      name: 'Priya Raman',
      email: 'priya@northwind-logistics.com',
      company: 'Northwind Logistics',
      team_size: '21–50',
      timeline: 'This month',
      phone: '+44 20 7946 0958',
      ...consent,
    },
  },
  {
    key: 'marcus',
    template: 'b2b-demo-request',
    daysAgo: 3,
    answers: {
      name: 'Marcus Feld',
      email: 'marcus.feld@gmail.com',
      company: 'Feld Consulting',
      team_size: 'Just me',
      timeline: 'Just exploring',
      ...consent,
    },
  },
  {
    key: 'lena',
    template: 'b2b-demo-request',
    daysAgo: 5,
    answers: {
      name: 'Lena Brandt',
      email: 'lena.b@outlook.com',
      company: 'Brandt & Co',
      timeline: 'Later this year',
      ...consent,
    },
  },
  {
    key: 'alex',
    template: 'newsletter-signup',
    daysAgo: 4,
    answers: { email: 'alex.m@outlook.com', first_name: 'Alex' },
  },
  {
    key: 'jamie',
    template: 'newsletter-signup',
    daysAgo: 6,
    answers: { email: 'jamie@brightline.io' },
  },
];

async function main(): Promise<void> {
  const config = loadConfig();
  const db = openDatabase(config.database);
  try {
    await migrateToLatest(db);
    const now = Date.now();
    const password = `demo-${newSecretToken().slice(0, 14)}`;
    const account = {
      name: 'Demo Marketer',
      email: DEMO_EMAIL,
      password,
      // The demo workspace is the b2b template's own company: its pages read as written.
      workspaceName: 'Tallyhawk',
      legalName: 'Tallyhawk Ltd.',
      address: '14 Fenchurch Avenue, London',
    };
    const existing = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', DEMO_EMAIL)
      .executeTakeFirst();
    let workspaceId: string;
    if (existing) {
      await resetPassword(db, existing.id, password, now);
      workspaceId = (await defaultWorkspaceOf(db, existing.id))!;
    } else {
      const created = (await needsOwnerSetup(db))
        ? await createOwnerAccount(db, account, now)
        : await signUp(db, account, now);
      if (!created.ok) throw new Error(created.message);
      workspaceId = created.value.workspaceId;
    }

    const slugs = new Map<string, string>();
    const pages = await listPages(db, workspaceId);
    for (const template of ['b2b-demo-request', 'newsletter-signup'] as const) {
      let page = pages.find(
        (p) =>
          p.title === (template === 'b2b-demo-request' ? 'B2B demo request' : 'Newsletter signup'),
      );
      if (!page) {
        const created = await createPageFromTemplate(db, {
          workspaceId,
          templateId: template,
          now,
        });
        if (!created.ok) throw new Error(created.message);
        page = (await listPages(db, workspaceId)).find((p) => p.id === created.value.id)!;
      }
      if (!page.published) {
        const published = await publishPage(db, {
          workspaceId,
          pageId: page.id,
          userId: null,
          now,
        });
        if (!published.ok) throw new Error(published.message);
      }
      slugs.set(template, page.slug);
    }

    // Readers who never fill the form, spread over two weeks and the arrivals above.
    for (const [template, slug] of slugs) {
      const page = (await lookUpPublishedPage(db, slug))!;
      for (let i = 0; i < BROWSERS_PER_PAGE; i++) {
        const arrival = ARRIVALS[i % ARRIVALS.length]!;
        const at = now - Math.round((i * 8.3 * 3600_000) % (14 * DAY)) - 60_000;
        const sid = `demo-${template}-reader-${i}`;
        await ingestBeacon(db, {
          beacon: beaconSchema.parse({
            v: 1,
            page: slug,
            vid: `demo-reader-${template}-${i}`,
            sid,
            events: [
              {
                t: 'view',
                id: `${sid}-view`,
                at,
                url: `/p/${slug}${arrival.query}`,
                ...(arrival.ref ? { ref: arrival.ref } : {}),
                vw: i % 3 === 0 ? 390 : 1440,
                vh: 860,
              },
              {
                t: 'engaged',
                id: `${sid}-engd`,
                at: at + 30_000,
                ms: 4_000 + ((i * 3_137) % 70_000),
              },
              { t: 'scroll', id: `${sid}-scrl`, at: at + 30_000, pct: 15 + ((i * 37) % 86) },
            ],
          }),
          pageId: page.pageId,
          workspaceId,
          receivedAt: at + 35_000,
        });
      }
    }

    let stored = 0;
    for (const [index, p] of PERSONAS.entries()) {
      const arrival = ARRIVALS[index % ARRIVALS.length]!;
      const page = (await lookUpPublishedPage(db, slugs.get(p.template)!))!;
      const formBlockId = p.template === 'b2b-demo-request' ? 'demo-form' : 'signup';
      // The visit before the submission, as the tracker would have reported it.
      const visitorPublicId = `demo-${p.key.split('-')[0]}-visitor`;
      const at = now - p.daysAgo * DAY - 90_000;
      await ingestBeacon(db, {
        beacon: beaconSchema.parse({
          v: 1,
          page: page.slug,
          vid: visitorPublicId,
          sid: `demo-${p.key}-visit`,
          events: [
            {
              t: 'view',
              id: `${p.key}-view-0`,
              at,
              url: `/p/${page.slug}${arrival.query}`,
              ...(arrival.ref ? { ref: arrival.ref } : {}),
              vw: 1440,
              vh: 900,
            },
            {
              t: 'engaged',
              id: `${p.key}-engd-0`,
              at: at + 80_000,
              ms: 20_000 + p.daysAgo * 9_000,
            },
            {
              t: 'scroll',
              id: `${p.key}-scrl-0`,
              at: at + 80_000,
              pct: Math.min(100, 40 + p.daysAgo * 10),
            },
          ],
        }),
        pageId: page.pageId,
        workspaceId,
        receivedAt: at + 85_000,
      });
      const result = await submitForm(db, {
        visitorPublicId,
        page,
        formBlockId,
        raw: p.answers,
        idempotencyKey: `demo-seed-${workspaceId}-${p.key}`.slice(0, 64),
        ipHash: null,
        // Seeded as people who read the form for a while in an ordinary browser.
        signals: {
          honeypot: '',
          elapsedMs: 45_000,
          userAgent:
            'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
        },
        now: now - p.daysAgo * DAY,
        model: await activeModel(db, workspaceId),
      });
      if (!result.ok)
        throw new Error(`${p.key}: ${result.message} ${JSON.stringify(result.fields)}`);
      if (!result.value.duplicate) stored++;
    }

    const base = `http://localhost:${config.PORT}`;
    console.log(`
  Demo workspace ready (${stored} new submissions).

  Admin:     ${base}/admin
  Email:     ${DEMO_EMAIL}
  Password:  ${password}   (a new one each time you run npm run demo)

  Pages:     ${[...slugs.values()].map((s) => `${base}/p/${s}`).join('\n             ')}

  Start the server with \`npm start\` if it is not running.
`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
