import type { Db } from '../../../db/client';
import { formBlocks } from '../landing-pages/document';
import type { PublishedPage } from '../landing-pages/live-pages';
import { downloadOf, thankYouFor, type Download } from './submit';

export type ThankYou = { message: string; download: Download | null };

/**
 * The thank-you for a submission on this page: the message for the lead's tier when the
 * form has one, else the form's general message, with what the form hands over. An unknown
 * id gets the general message.
 */
export async function thankYouOn(
  db: Db,
  page: PublishedPage,
  submissionId: string | null,
): Promise<ThankYou> {
  const forms = formBlocks(page.document);
  const row = submissionId
    ? await db
        .selectFrom('submissions as s')
        .innerJoin('leads as l', 'l.id', 's.lead_id')
        .select(['s.form_block_id', 'l.tier'])
        .where('s.id', '=', submissionId)
        .where('s.page_id', '=', page.pageId)
        .executeTakeFirst()
    : undefined;
  const block = forms.find((b) => b.id === row?.form_block_id) ?? forms[0];
  if (block?.type !== 'form') return { message: 'Thank you!', download: null };
  const { form } = block.props;
  return {
    message: row ? thankYouFor(form, row.tier) : form.successMessage,
    download: downloadOf(form),
  };
}
