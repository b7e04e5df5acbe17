import { z } from 'zod';
import { benefitsBlock } from './benefits';
import { countdownBlock } from './countdown';
import { ctaBlock } from './cta';
import { faqBlock } from './faq';
import { featuresBlock } from './features';
import { footerBlock } from './footer';
import { formBlock } from './form';
import { heroBlock } from './hero';
import { imageBlock } from './image';
import { logosBlock } from './logos';
import { pricingBlock } from './pricing';
import { richTextBlock } from './rich-text-block';
import { statsBlock } from './stats';
import { testimonialsBlock } from './testimonials';
import { videoBlock } from './video';

/** The block library. Adding a block: one file beside this one and one line here. */
export const blockLibrary = [
  heroBlock,
  featuresBlock,
  benefitsBlock,
  testimonialsBlock,
  logosBlock,
  statsBlock,
  pricingBlock,
  faqBlock,
  formBlock,
  ctaBlock,
  richTextBlock,
  imageBlock,
  videoBlock,
  countdownBlock,
  footerBlock,
] as const;

type Library = (typeof blockLibrary)[number];
export type BlockType = Library['type'];

const envelope = {
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Block id: letters, digits, - and _ only.'),
  hidden: z.boolean().default(false),
  /** Optional in-page anchor (`#form`) so buttons can point at a section. */
  anchor: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,39}$/, 'Anchor: lowercase letters, digits and -.')
    .optional(),
};

type Variant<B> = B extends Library
  ? z.ZodObject<typeof envelope & { type: z.ZodLiteral<B['type']>; props: B['props'] }>
  : never;
type Variants<L extends readonly unknown[]> = { -readonly [K in keyof L]: Variant<L[K]> };
const variant = (b: Library) => z.object({ ...envelope, type: z.literal(b.type), props: b.props });
/** The library as a tuple of per-type schemas, keeping each block's exact props type. */
const variants = blockLibrary.map(variant) as unknown as Variants<typeof blockLibrary>;

export const blockSchema = z.discriminatedUnion('type', variants, {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `Unknown block type. Known types: ${blockLibrary.map((b) => b.type).join(', ')}.`
      : undefined,
});

export type Block = z.output<typeof blockSchema>;
export type BlockOf<T extends BlockType> = Extract<Block, { type: T }>;

export const blockDefinition = (type: string): Library | undefined =>
  blockLibrary.find((b) => b.type === type);
