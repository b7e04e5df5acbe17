import { z } from 'zod';
import { VARIANT_KEYS } from './experiments';

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const name = z.string().trim().max(60).optional().default('');
/** A number input left empty posts "": no value. */
const blankless = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/**
 * The admin's "new test" form, as posted: names for B, C and D (a blank one is no variant),
 * a share per variant in percent, the metric, the window and the minimum sample, and the
 * optional auto-promotion with its loss limit in percentage points.
 */
export const experimentFormSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the test a name.').max(80),
    name_A: name,
    name_B: name,
    name_C: name,
    name_D: name,
    share_A: blankless(count(1, 100)),
    share_B: blankless(count(1, 100)),
    share_C: blankless(count(1, 100)),
    share_D: blankless(count(1, 100)),
    metric: z.enum(['hot', 'warm_or_hot', 'lead']),
    windowDays: count(1, 60),
    minVisitors: count(100, 10_000_000),
    minConversions: count(5, 1_000_000),
    minDays: count(1, 60),
    autoPromote: z.literal('on').optional(),
    autoPromoteLossPoints: blankless(z.coerce.number().min(0).max(5)),
  })
  .refine((f) => f.name_B !== '', { path: ['name_B'], message: 'Name variant B.' });

/** The plan the form describes, in the shape the API takes (experimentPlanSchema's input). */
export function planFromForm(form: z.output<typeof experimentFormSchema>) {
  const keys = VARIANT_KEYS.filter((k) => k === 'A' || k === 'B' || form[`name_${k}`] !== '');
  return {
    name: form.name,
    variants: keys.map((k) => ({ name: form[`name_${k}`] || (k === 'A' ? 'Current page' : k) })),
    shares: keys.map((k) => form[`share_${k}`] ?? 1),
    metric: form.metric,
    windowDays: form.windowDays,
    minVisitors: form.minVisitors,
    minConversions: form.minConversions,
    minDays: form.minDays,
    autoPromoteLoss: form.autoPromote ? (form.autoPromoteLossPoints ?? 0.1) / 100 : null,
  };
}
