import { z } from 'zod';
import { rawTemplates } from '../../../pages-templates/index';
import { blockDefinition, type BlockType } from '../blocks/registry';
import { pageDocumentSchema, type PageDocument } from '../landing-pages/document';
import { sampleBrandSchema, type SampleBrand } from './brand';

export const templateSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{2,60}$/),
  name: z.string().min(1).max(80),
  description: z.string().min(1).max(300),
  category: z.string().min(1).max(40),
  /** The sample company the template's copy names, replaced by the workspace's own. */
  brand: sampleBrandSchema.optional(),
  document: pageDocumentSchema,
});
export type Template = {
  id: string;
  name: string;
  description: string;
  category: string;
  brand?: SampleBrand;
  document: PageDocument;
};

let catalog: Template[] | undefined;

/** All templates, validated once: a broken template fails loudly, at first use and in tests. */
export function listTemplates(): Template[] {
  return (catalog ??= rawTemplates.map((raw) => templateSchema.parse(raw)));
}

/** "Blank page": not a template in the gallery, the starting point for building from scratch. */
export const BLANK_PAGE_ID = 'blank';

let blank: Template | undefined;

/**
 * The blank page: a hero, a form and a footer with each block's own sample content (what
 * "Add a block" inserts), so a page built from scratch still works the moment it is made.
 */
export function blankPage(): Template {
  const block = (type: BlockType, id: string) => ({
    id,
    type,
    hidden: false,
    props: structuredClone(blockDefinition(type)!.defaults),
  });
  return (blank ??= templateSchema.parse({
    id: BLANK_PAGE_ID,
    name: 'Blank page',
    description: 'A headline, a form and a footer to build on: add the sections you need.',
    category: 'Start from scratch',
    document: {
      version: 1,
      seo: { title: 'New page' },
      blocks: [block('hero', 'hero'), block('form', 'form'), block('footer', 'footer')],
    },
  }));
}

export const findTemplate = (id: string): Template | undefined =>
  id === BLANK_PAGE_ID ? blankPage() : listTemplates().find((t) => t.id === id);
