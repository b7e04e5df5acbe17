import { z } from 'zod';
import { rawTemplates } from '../../../pages-templates/index';
import { pageDocumentSchema, type PageDocument } from '../landing-pages/document';

export const templateSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{2,60}$/),
  name: z.string().min(1).max(80),
  description: z.string().min(1).max(300),
  category: z.string().min(1).max(40),
  document: pageDocumentSchema,
});
export type Template = {
  id: string;
  name: string;
  description: string;
  category: string;
  document: PageDocument;
};

let catalog: Template[] | undefined;

/** All templates, validated once: a broken template fails loudly, at first use and in tests. */
export function listTemplates(): Template[] {
  return (catalog ??= rawTemplates.map((raw) => templateSchema.parse(raw)));
}

export const findTemplate = (id: string): Template | undefined =>
  listTemplates().find((t) => t.id === id);
