import type { Db } from '../../db/client';
import { createOwnerAccount } from '../../src/domain/auth/accounts';
import { createPageFromTemplate, publishPage } from '../../src/domain/landing-pages/pages';
import { lookUpPublishedPage } from '../../src/domain/landing-pages/live-pages';
import type { SubmitInput } from '../../src/domain/leads/submit';
import { DEFAULT_MODEL } from '../../src/domain/scoring/model';

export const HUMAN_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/**
 * An owner, a workspace and a published page from a template, straight through the domain.
 * The workspace is the B2B template's own sample company, so its page reads as written.
 */
export async function publishedTemplatePage(db: Db, now: number, templateId = 'b2b-demo-request') {
  const owner = await createOwnerAccount(
    db,
    { name: '', email: 'o@example.com', password: 'long-password-1', workspaceName: 'Tallyhawk' },
    now,
  );
  if (!owner.ok) throw new Error('owner');
  const page = await createPageFromTemplate(db, {
    workspaceId: owner.value.workspaceId,
    templateId,
    now,
  });
  if (!page.ok) throw new Error('page');
  const published = await publishPage(db, {
    workspaceId: owner.value.workspaceId,
    pageId: page.value.id,
    userId: owner.value.userId,
    now,
  });
  if (!published.ok) throw new Error('publish');
  return {
    page: (await lookUpPublishedPage(db, published.value.slug))!,
    workspaceId: owner.value.workspaceId,
    userId: owner.value.userId,
  };
}

/** A submission as a person makes it: human speed, an ordinary browser. */
export const submission = (
  page: SubmitInput['page'],
  raw: SubmitInput['raw'],
  now: number,
  extra: Partial<SubmitInput> = {},
): SubmitInput => ({
  page,
  formBlockId: 'demo-form',
  raw,
  idempotencyKey: null,
  ipHash: 'iphash',
  signals: { honeypot: '', elapsedMs: 20_000, userAgent: HUMAN_UA },
  now,
  model: DEFAULT_MODEL,
  ...extra,
});
