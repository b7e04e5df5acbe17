import { z } from 'zod';
import { blockSchema } from '../blocks/registry';
import { choice, color, imageUrl, longText, text, toggle } from '../blocks/fields';
import { fail, ok, type Result } from '../../shared/result';
import { FONT_PAIR_IDS, FONT_PAIR_LABELS } from './font-pairs';

export const FONT_PAIRS = FONT_PAIR_IDS;

export const themeSchema = z.object({
  primary: color('Primary colour').default('#4f46e5'),
  background: color('Background').default('#ffffff'),
  surface: color('Section background').default('#f6f7fb'),
  text: color('Text colour').default('#1f2330'),
  font: choice('Font pair', FONT_PAIRS, FONT_PAIR_LABELS).default('modern'),
  buttonShape: choice('Button shape', ['rounded', 'pill', 'square'] as const, {
    rounded: 'Rounded',
    pill: 'Pill',
    square: 'Square',
  }).default('rounded'),
  spacing: choice('Spacing between sections', ['compact', 'comfortable', 'airy'] as const, {
    compact: 'Compact',
    comfortable: 'Comfortable',
    airy: 'Airy',
  }).default('comfortable'),
});
export type Theme = z.output<typeof themeSchema>;

export const seoSchema = z.object({
  title: text('Page title', 70, { min: 1 }),
  description: longText('Description', 170).default(''),
  socialImage: imageUrl('Social image (shown when the page is shared)').default(''),
  noindex: toggle('Hide this page from search engines').default(false),
});

export const DOCUMENT_VERSION = 1;

/** A landing page: theme, SEO and an ordered list of typed blocks. */
export const pageDocumentSchema = z
  .object({
    version: z.literal(DOCUMENT_VERSION),
    theme: themeSchema.default(themeSchema.parse({})),
    seo: seoSchema,
    blocks: z.array(blockSchema).max(40, 'A page holds at most 40 blocks.'),
  })
  .superRefine((doc, ctx) => {
    const ids = new Set<string>();
    doc.blocks.forEach((b, i) => {
      if (ids.has(b.id))
        ctx.addIssue({
          code: 'custom',
          path: ['blocks', i, 'id'],
          message: `Two blocks share the id "${b.id}".`,
        });
      ids.add(b.id);
    });
  });
export type PageDocument = z.output<typeof pageDocumentSchema>;
export type PageDocumentInput = z.input<typeof pageDocumentSchema>;

/** Names the field a problem is in, e.g. `blocks[2].props.headline`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) =>
      typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key),
    '',
  );
}

export function parsePageDocument(input: unknown): Result<PageDocument, 'invalid_document'> {
  const parsed = pageDocumentSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  // Keyed by dotted path (`blocks.2.props.headline`), the way editor inputs are named.
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues)
    fields[issue.path.map(String).join('.')] ??= issue.message;
  const [first] = parsed.error.issues;
  const where = first ? issuePath(first.path) : '';
  return fail(
    'invalid_document',
    `${where ? `${where}: ` : ''}${first?.message ?? 'Invalid page.'}`,
    fields,
  );
}

/** The form blocks of a page, for finding the one a submission is for. */
export const formBlocks = (doc: PageDocument) =>
  doc.blocks.filter((b) => b.type === 'form' && !b.hidden);
