import { blockDefinition } from '../blocks/registry';
import {
  editorFields,
  getAtPath,
  setAtPath,
  type EditorField,
  type ScalarField,
} from '../blocks/editor-fields';
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

const allFields = (doc: PageDocument | PageDocumentInput) =>
  pageFieldGroups(doc).flatMap((g) => g.fields);

/** A posted string as the value its widget stands for. */
function postedValue(field: ScalarField, posted: unknown): unknown {
  // A checkbox posts its hidden "false" companion, plus "true" when ticked.
  if (field.widget === 'toggle') return [posted].flat().includes('true');
  if (typeof posted !== 'string') return undefined;
  if (field.optional && posted.trim() === '') return undefined;
  return field.widget === 'number' ? Number(posted) : posted;
}

/** Applies posted `doc.<path>` values onto a document; only paths the editor offers are taken. */
export function applyPageEdits(
  doc: PageDocument,
  posted: Record<string, unknown>,
): PageDocumentInput {
  const fields = new Map(
    allFields(doc)
      .filter((f): f is ScalarField => f.kind === 'scalar')
      .map((f) => [f.path, f] as const),
  );
  let next: PageDocumentInput = doc;
  for (const [name, value] of Object.entries(posted)) {
    const field = name.startsWith('doc.') ? fields.get(name.slice(4)) : undefined;
    if (field) next = setAtPath(next, field.path, postedValue(field, value));
  }
  return next;
}

/** A new list item, with a `name` made unique among its siblings (form fields need one). */
function freshItem(template: unknown, siblings: unknown[]): unknown {
  if (!template || typeof template !== 'object' || !('name' in template))
    return structuredClone(template);
  const base = String((template as { name: unknown }).name);
  const taken = new Set(siblings.map((s) => (s as { name?: unknown }).name));
  let n = 1;
  while (taken.has(n === 1 ? base : `${base}_${n}`)) n++;
  return { ...structuredClone(template), name: n === 1 ? base : `${base}_${n}` };
}

/**
 * The editor's "Add" and "Remove" buttons: `add:<list path>` appends the list's new item,
 * `remove:<item path>` deletes one. Only lists and items the editor shows can be touched.
 */
export function applyListAction(doc: PageDocumentInput, action: string): PageDocumentInput {
  const [verb, path = ''] = action.split(':');
  const entry = allFields(doc).find(
    (f) => f.path === path && f.kind === (verb === 'add' ? 'list' : 'item'),
  );
  if (!entry) return doc;
  if (entry.kind === 'list') {
    if (!entry.canAdd) return doc;
    const items = (getAtPath(doc, path) as unknown[]) ?? [];
    return setAtPath(doc, path, [...items, freshItem(entry.newItem, items)]);
  }
  if (entry.kind !== 'item' || !entry.canRemove) return doc;
  const listPath = path.slice(0, path.lastIndexOf('.'));
  const index = Number(path.slice(path.lastIndexOf('.') + 1));
  const items = getAtPath(doc, listPath) as unknown[];
  return setAtPath(
    doc,
    listPath,
    items.filter((_, i) => i !== index),
  );
}
