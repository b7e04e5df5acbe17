import {
  editorFields,
  getAtPath,
  setAtPath,
  type EditorField,
  type ScalarField,
} from '../blocks/editor-fields';
import { followsLabel, nameFromLabel, uniqueName } from '../forms/field-names';
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

type FormField = { name: string; label: string; type: string; options?: string[] };
type FollowUp = (
  field: FormField,
  before: FormField,
  others: FormField[],
  kept: ReadonlySet<string>,
) => FormField;

const CHOICE_TYPES = new Set(['select', 'radio', 'checkbox_group']);

/**
 * Edits that follow from a form field's edit, as data: the name follows the label while no
 * answer is stored under it (`kept` holds the names that have answers: those never change),
 * and a choice type arrives with a first option to edit rather than with an error.
 */
const FIELD_FOLLOW_UPS: Record<string, FollowUp> = {
  label: (field, before, others, kept) =>
    kept.has(before.name) || !followsLabel(before.name, before.label)
      ? field
      : {
          ...field,
          name: uniqueName(
            nameFromLabel(field.label) || before.name,
            new Set(others.map((o) => o.name)),
          ),
        },
  type: (field) =>
    CHOICE_TYPES.has(field.type) && !field.options?.length
      ? { ...field, options: ['Option 1'] }
      : field,
};

const FORM_FIELD_PATH = /^(blocks\.\d+\.props\.form\.fields)\.(\d+)\.(\w+)$/;

function followUp(
  before: PageDocumentInput,
  after: PageDocumentInput,
  path: string,
  kept: ReadonlySet<string>,
): PageDocumentInput {
  const [, listPath, index, key] = FORM_FIELD_PATH.exec(path) ?? [];
  const rule = key ? FIELD_FOLLOW_UPS[key] : undefined;
  if (!rule || !listPath) return after;
  const i = Number(index);
  const fields = getAtPath(after, listPath) as FormField[];
  const field = fields[i];
  const previous = (getAtPath(before, listPath) as FormField[])[i];
  if (!field || !previous) return after;
  const next = rule(
    field,
    previous,
    fields.filter((_, j) => j !== i),
    kept,
  );
  return next === field ? after : setAtPath(after, `${listPath}.${i}`, next);
}

/**
 * Sets one field from its input; only fields the editor offers can be touched. `kept` names
 * the form fields that already have answers: their names stay as they are.
 */
export function applyFieldEdit(
  doc: PageDocumentInput,
  catalog: EditorCatalog,
  path: string,
  raw: string | boolean,
  kept: ReadonlySet<string> = new Set(),
): PageDocumentInput {
  const field = allFields(doc, catalog).find(
    (f): f is ScalarField => f.kind === 'scalar' && f.path === path,
  );
  return field ? followUp(doc, setAtPath(doc, path, fieldValue(field, raw)), path, kept) : doc;
}

/** A new list item; a form field's name comes from its label, unique among its siblings. */
function freshItem(template: unknown, siblings: unknown[]): unknown {
  if (!template || typeof template !== 'object' || !('name' in template))
    return structuredClone(template);
  const item = structuredClone(template) as FormField;
  const taken = new Set(siblings.map((s) => String((s as { name?: unknown }).name)));
  return { ...item, name: uniqueName(nameFromLabel(item.label), taken) };
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
