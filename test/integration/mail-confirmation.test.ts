import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDb } from '../helpers/db-file';
import {
  DEMO_ANSWERS,
  postLead,
  publishTemplatePage,
  readDraft,
  saveDraftApi,
  setUpOwner,
  type Client,
} from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

/* The visitor's confirmation, with double opt-in: consent counts only after the click. */

let smtp: TestSmtp;
let server: TestServer;
let owner: Client;
let slug: string;
const rows = <T>(sql: string, ...p: unknown[]) => readDb<T>(server.dataDir, sql, ...p);
const consentColumn = async () => {
  const csv = await (await owner.request('/admin/leads/export.csv')).text();
  const [head, row] = csv.trim().split('\r\n');
  const at = head!.split(',').indexOf('Consent');
  return row!.split(',')[at];
};

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer({ SMTP_URL: smtp.url, RESCORE_DELAY_MS: '0' });
  owner = await setUpOwner(server.url);
  const page = await publishTemplatePage(owner);
  slug = page.slug;
  // The owner turns on the visitor's confirmation, with double opt-in, and publishes.
  const draft = await readDraft(owner, page.pageId);
  const doc = draft.document as { blocks: { type: string; props: { form?: object } }[] };
  const block = doc.blocks.find((b) => b.type === 'form')!;
  block.props.form = { ...block.props.form, confirmation: { email: true, doubleOptIn: true } };
  const saved = await saveDraftApi(owner, page.pageId, { ...draft, document: doc });
  expect(saved.status).toBe(200);
  const { revision } = await readDraft(owner, page.pageId);
  expect(
    (await owner.post(page.editPath, { _action: 'publish', revision: String(revision) })).status,
  ).toBe(303);
});
afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

describe('visitor confirmation and double opt-in', () => {
  it('records consent only after the visitor clicks the link', async () => {
    expect((await postLead(server.url, slug, DEMO_ANSWERS)).status).toBe(200);
    let mail = smtp.received.find((m) => (m.to as { text: string }).text === DEMO_ANSWERS.email);
    for (let i = 0; !mail && i < 10; i++) {
      await smtp.waitFor(smtp.received.length + 1);
      mail = smtp.received.find((m) => (m.to as { text: string }).text === DEMO_ANSWERS.email);
    }
    expect(mail!.subject).toBe('Confirm your email for Acme Inc');
    const link = /(http\S+\/mail\/confirm\?t=[A-Za-z0-9_.-]+)/.exec(mail!.text!)![1]!;
    expect(mail!.html).toContain('Confirm my email');

    const submission = () =>
      rows<{ consent_confirmed_at: number | null }>(
        'select consent_confirmed_at from submissions',
      )[0]!;
    const lead = () =>
      rows<{ email_confirmed_at: number | null; breakdown_json: string }>(
        'select email_confirmed_at, breakdown_json from leads',
      )[0]!;
    expect(submission().consent_confirmed_at).toBeNull();
    expect(await consentColumn()).toBe('awaiting confirmation');

    // Opening the link (as a mail scanner would) changes nothing; the button does.
    const path = new URL(link).pathname + new URL(link).search;
    const opened = await fetch(`${server.url}${path}`);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain('Confirm my email');
    expect(submission().consent_confirmed_at).toBeNull();
    const clicked = await fetch(`${server.url}${path}`, { method: 'POST' });
    expect(clicked.status).toBe(200);
    expect(await clicked.text()).toContain('your email is confirmed');
    expect(submission().consent_confirmed_at).not.toBeNull();
    expect(lead().email_confirmed_at).not.toBeNull();
    expect(await consentColumn()).toBe('given');
    // The confirmation is a scoring signal, with its reason.
    for (let i = 0; i < 50 && !lead().breakdown_json.includes('email_confirmed'); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(lead().breakdown_json).toContain('confirmed their email address');
    expect(
      (await owner.page(`/admin/leads/${rows<{ id: string }>('select id from leads')[0]!.id}`))
        .html,
    ).toContain('Email confirmed');
    // A forged link confirms nothing.
    const forged = await fetch(
      `${server.url}/mail/confirm?t=${path.split('t=')[1]!.slice(0, -2)}xx`,
      { method: 'POST' },
    );
    expect(forged.status).toBe(400);
  });
});
