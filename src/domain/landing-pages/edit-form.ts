import { blockDefinition } from '../blocks/registry';
import { editorFields, setAtPath, type EditorField } from '../blocks/editor-fields';
import { seoSchema, themeSchema, type PageDocument, type PageDocumentInput } from './document';

export type FieldGroup = { id: string; title: string; fields: EditorField[] };

const prefixed = (prefix: string, fields: EditorField[]) =>
  fields.map((f) => ({ ...f, path: `${prefix}.${f.path}` }));

/**
 * The page's editable fields, grouped as the editor shows them, each named by its dotted
 * path in the document so a posted form maps straight back onto it.
 */
export function pageFieldGroups(doc: PageDocument | PageDocumentInput): FieldGroup[] {
  return [
    {
      id: 'seo',
      title: 'Search & sharing',
      fields: prefixed('seo', editorFields(seoSchema, doc.seo)),
    },
    {
      id: 'theme',
      title: 'Theme',
      fields: prefixed('theme', editorFields(themeSchema, doc.theme ?? {})),
    },
    ...doc.blocks.map((block, i) => {
      const def = blockDefinition(block.type);
      return {
        id: block.id,
        title: def?.label ?? block.type,
        fields: def ? prefixed(`blocks.${i}.props`, editorFields(def.props, block.props)) : [],
      };
    }),
  ];
}

/** Applies posted `doc.<path>` values onto a document; only paths the editor offers are taken. */
export function applyPageEdits(
  doc: PageDocument,
  posted: Record<string, unknown>,
): PageDocumentInput {
  const fields = new Map(
    pageFieldGroups(doc).flatMap((g) => g.fields.map((f) => [f.path, f] as const)),
  );
  let next: PageDocumentInput = doc;
  for (const [name, value] of Object.entries(posted)) {
    const field = name.startsWith('doc.') ? fields.get(name.slice(4)) : undefined;
    if (!field || typeof value !== 'string') continue;
    next = setAtPath(next, field.path, field.optional && value.trim() === '' ? undefined : value);
  }
  return next;
}
