import { z } from 'zod';
import type { PageDocument } from '../landing-pages/document';

/**
 * How a template names its sample company: the names it uses in its copy, its legal names
 * (longest first matters: "Tallyhawk Ltd." before "Tallyhawk"), and its footer line.
 */
export const sampleBrandSchema = z.object({
  names: z.array(z.string().min(2)).min(1),
  legalNames: z.array(z.string().min(2)).default([]),
  footer: z.string().min(1),
});
export type SampleBrand = z.infer<typeof sampleBrandSchema>;

/** Who a workspace's pages speak for: its name, and the brand kit's optional lines. */
export type BrandKit = {
  companyName: string;
  legalName?: string;
  address?: string;
  contactEmail?: string;
  /** An uploaded image: the footer shows it. */
  logoUrl?: string;
};

/** The footer line of a brand kit: "© 2026 Acme Rockets Inc. · 1 Launch Way, Austin". */
export const footerLine = (kit: BrandKit, year: number): string =>
  [`© ${year} ${kit.legalName ?? kit.companyName}`, kit.address].filter(Boolean).join(' · ');

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A template's document spoken for the workspace: every mention of the sample company in
 * any text of the page (headlines, quotes, alt text, SEO, the consent label) becomes the
 * workspace's, legal names its legal name, the sample footer its own footer line, and the
 * footer shows the kit's logo.
 */
export function brandDocument(
  doc: PageDocument,
  sample: SampleBrand,
  kit: BrandKit,
  year: number,
): PageDocument {
  const swaps: [RegExp, string][] = [
    ...[...sample.legalNames]
      .sort((a, b) => b.length - a.length)
      .map((n): [RegExp, string] => [new RegExp(escape(n), 'g'), kit.legalName ?? kit.companyName]),
    ...[...sample.names]
      .sort((a, b) => b.length - a.length)
      .map((n): [RegExp, string] => [new RegExp(`\\b${escape(n)}\\b`, 'g'), kit.companyName]),
  ];
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (value === sample.footer) return footerLine(kit, year);
      // A replacement's own "$" is taken literally.
      return swaps.reduce((text, [pattern, to]) => text.replace(pattern, () => to), value);
    }
    if (Array.isArray(value)) return value.map(visit);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
    return value;
  };
  const branded = visit(doc) as PageDocument;
  if (!kit.logoUrl) return branded;
  return {
    ...branded,
    blocks: branded.blocks.map((b) =>
      b.type === 'footer' ? { ...b, props: { ...b.props, logo: kit.logoUrl! } } : b,
    ),
  } as PageDocument;
}
