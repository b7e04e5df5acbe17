import {
  editorFields,
  getAtPath,
  setAtPath,
  type EditorField,
  type ScalarField,
} from '../blocks/editor-fields';
import type { PageDocumentInput } from './document';
import type { EditorCatalog } from './editor-catalog';

/* The editor's edits to a page document. Plain functions over data (no framework, no Zod):
   the browser's editor runs them, and the server validates whatever it is sent. */

export type FieldGroup = { id: string; title: string; fields: EditorField[] };

const prefixed = (prefix: string, fields: EditorField[]) =>
  fields.map((f) => ({ ...f, path: `${prefix}.${f.path}` }));

/**
 * The page's editable fields, grouped as the editor shows them (search & sharing, theme,
 * then one group per block), each named by its dotted path in the document.
 */
export function pageFieldGroups(doc: PageDocumentInput, catalog: EditorCatalog): FieldGroup[] {
  return [
    {
      id: 'seo',
      title: 'Search & sharing',
      fields: prefixed('seo', editorFields(catalog.seo, doc.seo)),
    },
    {
      id: 'theme',
      title: 'Theme',
      fields: prefixed('theme', editorFields(catalog.theme, doc.theme ?? {})),
    },
    ...doc.blocks.map((block, i) => {
      const entry = catalog.blocks.find((b) => b.type === block.type);
      return {
        id: block.id,
        title: entry?.label ?? block.type,
        fields: entry ? prefixed(`blocks.${i}.props`, editorFields(entry.spec, block.props)) : [],
      };
    }),
  ];
}

const allFields = (doc: PageDocumentInput, catalog: EditorCatalog) =>
  pageFieldGroups(doc, catalog).flatMap((g) => g.fields);

/** What an input holds, as the value its widget stands for. */
export function fieldValue(field: ScalarField, raw: string | boolean): unknown {
  if (field.widget === 'toggle') return raw === true || raw === 'true';
  const text = String(raw);
  if (field.optional && text.trim() === '') return undefined;
  return field.widget === 'number' && text.trim() !== '' ? Number(text) : text;
}

/** Sets one field from its input; only fields the editor offers can be touched. */
export function applyFieldEdit(
  doc: PageDocumentInput,
  catalog: EditorCatalog,
  path: string,
  raw: string | boolean,
): PageDocumentInput {
  const field = allFields(doc, catalog).find(
    (f): f is ScalarField => f.kind === 'scalar' && f.path === path,
  );
  return field ? setAtPath(doc, path, fieldValue(field, raw)) : doc;
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
 * A list's "Add" and an item's "Remove": `add` appends the list's new item at `path`,
 * `remove` deletes the item at `path`. Only lists and items the editor shows can be touched.
 */
export function applyListAction(
  doc: PageDocumentInput,
  catalog: EditorCatalog,
  verb: 'add' | 'remove',
  path: string,
): PageDocumentInput {
  const entry = allFields(doc, catalog).find(
    (f) => f.path === path && f.kind === (verb === 'add' ? 'list' : 'item'),
  );
  if (entry?.kind === 'list' && entry.canAdd) {
    const items = (getAtPath(doc, path) as unknown[]) ?? [];
    return setAtPath(doc, path, [...items, freshItem(entry.newItem, items)]);
  }
  if (entry?.kind !== 'item' || !entry.canRemove) return doc;
  const listPath = path.slice(0, path.lastIndexOf('.'));
  const index = Number(path.slice(path.lastIndexOf('.') + 1));
  const items = getAtPath(doc, listPath) as unknown[];
  return setAtPath(
    doc,
    listPath,
    items.filter((_, i) => i !== index),
  );
}
