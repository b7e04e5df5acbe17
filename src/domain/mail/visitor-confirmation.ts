import { transact } from '../../../db/transact';
import type { Db } from '../../../db/client';
import { formBlocks } from '../landing-pages/document';
import { versionDocument } from '../landing-pages/live-pages';
import { recordActivity } from '../leads/activity';
import { downloadOf } from '../leads/submit';
import { composeMail, type MailBlock } from './compose';
import { queueMail, type MailDesk } from './outbox';
import { signLink } from './signed-link';

/** A relative download address (a file in public/) is served from the pages' origin. */
const absolute = (url: string, origin: string) => (url.startsWith('/') ? `${origin}${url}` : url);

/**
 * The mail a visitor gets after submitting a form that asks for it: what the form promised
 * (its download), and, with double opt-in, the link that makes their consent count. Never
 * to a lead flagged as spam: a form must not mail whatever address a bot typed in.
 */
export async function mailVisitorConfirmation(
  db: Db,
  desk: MailDesk,
  links: { pagesOrigin: string; key: string },
  submissionId: string,
  now: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('submissions as s')
    .innerJoin('leads as l', 'l.id', 's.lead_id')
    .innerJoin('pages as p', 'p.id', 's.page_id')
    .innerJoin('workspaces as w', 'w.id', 's.workspace_id')
    .select([
      's.workspace_id',
      's.page_version_id',
      's.form_block_id',
      'l.email',
      'l.qualified',
      'p.title',
      'w.name as workspace_name',
    ])
    .where('s.id', '=', submissionId)
    .executeTakeFirst();
  if (!row || !row.qualified) return false;
  const doc = await versionDocument(db, row.page_version_id);
  const block = formBlocks(doc).find((b) => b.id === row.form_block_id);
  if (block?.type !== 'form') return false;
  const { form } = block.props;
  const doubleOptIn = form.confirmation?.doubleOptIn === true;
  const download = downloadOf(form);
  const confirmUrl = `${links.pagesOrigin}/mail/confirm?t=${signLink(links.key, { a: 'confirm', s: submissionId })}`;
  const blocks: MailBlock[] = [
    { kind: 'heading', text: doubleOptIn ? 'Please confirm your email' : 'Thank you' },
    { kind: 'paragraph', text: form.successMessage },
    ...(doubleOptIn
      ? ([
          {
            kind: 'paragraph',
            text: `One click tells ${row.workspace_name} this address is yours and that you agreed to hear from them.`,
          },
          { kind: 'button', label: 'Confirm my email', url: confirmUrl },
        ] satisfies MailBlock[])
      : []),
    ...(download
      ? ([
          { kind: 'button', label: download.label, url: absolute(download.url, links.pagesOrigin) },
        ] satisfies MailBlock[])
      : []),
    {
      kind: 'note',
      text: `You get this mail because this address was entered in the form on “${row.title}”. If that was not you, ignore it: nothing more will follow from it.`,
    },
  ];
  const subject = doubleOptIn
    ? `Confirm your email for ${row.workspace_name}`
    : download
      ? `${download.label}: ${row.title}`
      : `Thank you from ${row.workspace_name}`;
  const status = await queueMail(
    db,
    desk,
    {
      id: `confirm-${submissionId}`,
      workspaceId: row.workspace_id,
      userId: null,
      kind: 'confirmation',
      to: row.email,
      mail: composeMail({
        subject,
        preheader: doubleOptIn ? 'One click to confirm your address.' : form.successMessage,
        blocks,
        footer: [`Sent for ${row.workspace_name} by Kindling.`],
      }),
    },
    now,
  );
  return status !== null;
}

/**
 * The visitor clicked the link: the submission's consent counts from now, and the lead's
 * address is confirmed (a scoring signal). Once: a second click changes nothing. The lead
 * to score again, or null when the link named no submission or was used already.
 */
export async function confirmEmail(
  db: Db,
  submissionId: string,
  now: number,
): Promise<{ leadId: string; first: boolean } | null> {
  return transact(db, async (tx) => {
    const confirmed = await tx
      .updateTable('submissions')
      .set({ consent_confirmed_at: now })
      .where('id', '=', submissionId)
      .where('consent_confirmed_at', 'is', null)
      .returning(['lead_id', 'workspace_id'])
      .executeTakeFirst();
    if (!confirmed) {
      const known = await tx
        .selectFrom('submissions')
        .select('lead_id')
        .where('id', '=', submissionId)
        .executeTakeFirst();
      return known ? { leadId: known.lead_id, first: false } : null;
    }
    await tx
      .updateTable('leads')
      .set((eb) => ({
        email_confirmed_at: eb.fn.coalesce('email_confirmed_at', eb.val(now)),
        updated_at: now,
      }))
      .where('id', '=', confirmed.lead_id)
      .execute();
    await recordActivity(tx, {
      workspaceId: confirmed.workspace_id,
      leadId: confirmed.lead_id,
      type: 'email_confirmed',
      at: now,
      data: { submissionId },
    });
    return { leadId: confirmed.lead_id, first: true };
  });
}
