import {
  editorFields,
  getAtPath,
  setAtPath,
  type EditorField,
  type ScalarField,
} from './editor-fields';
import { FIELD_CARDS, fieldShows, keepControlsOf } from '../forms/field-controls';
import { followsLabel, nameFromLabel, uniqueName } from '../forms/field-names';
import type { PageDocumentInput } from '../landing-pages/document';
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
      const fields = entry
        ? prefixed(`blocks.${i}.props`, editorFields(entry.spec, block.props))
        : [];
      return {
        id: block.id,
        title: entry?.label ?? block.type,
        fields: fields.filter((f) => usedByItsType(doc, f.path)),
      };
    }),
  ];
}

/** A form field's control (`…form.fields.3.maxLength`), and the field it belongs to. */
const FORM_FIELD_CONTROL = /^(blocks\.\d+\.props\.form\.fields\.\d+)\.(\w+)/;

/** Whether a control is one its form field's type uses; every other field is shown. */
function usedByItsType(doc: PageDocumentInput, path: string): boolean {
  const [, fieldPath, key] = FORM_FIELD_CONTROL.exec(path) ?? [];
  if (!fieldPath || !key) return true;
  const type = (getAtPath(doc, fieldPath) as { type?: unknown } | undefined)?.type;
  return typeof type !== 'string' || fieldShows(type, key);
}

/** A list of form fields: its "Add" offers the field types as cards. */
export const isFormFieldList = (path: string) => /^blocks\.\d+\.props\.form\.fields$/.test(path);

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
  // A new type drops the settings it does not use, and a choice arrives with an option.
  type: (field) => {
    const kept = keepControlsOf(field);
    return CHOICE_TYPES.has(kept.type) && !kept.options?.length
      ? { ...kept, options: ['Option 1'] }
      : kept;
  },
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

export type ListVerb = 'add' | 'remove' | 'up' | 'down' | 'move';
/** What an action may say besides its path: the card an "Add" picked, where a drag dropped. */
export type ListExtra = { cardType?: string; to?: number };

/** Where each verb moves the item at `index` of `items` (remove: out). */
const ITEM_MOVES: Record<
  Exclude<ListVerb, 'add'>,
  (items: unknown[], index: number, to: number) => unknown[]
> = {
  remove: (items, i) => items.filter((_, j) => j !== i),
  up: (items, i) => moveItem(items, i, i - 1),
  down: (items, i) => moveItem(items, i, i + 1),
  move: (items, i, to) => moveItem(items, i, to),
};
/** The item at `from` taken out and put back at `to`; a place outside the list changes nothing. */
function moveItem(items: unknown[], from: number, to: number): unknown[] {
  if (!Number.isInteger(to) || to < 0 || to >= items.length || to === from) return items;
  const copy = [...items];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item);
  return copy;
}

/**
 * A list's "Add" and an item's "Remove", "Move up", "Move down" and drop (`move`, to
 * `to`): `add` appends the
 * list's new item at `path` (for a form, one of the field cards, by its type); the others
 * act on the item at `path`. Only lists and items the editor shows can be touched.
 */
export function applyListAction(
  doc: PageDocumentInput,
  catalog: EditorCatalog,
  verb: ListVerb,
  path: string,
  { cardType, to = -1 }: ListExtra = {},
): PageDocumentInput {
  const entry = allFields(doc, catalog).find(
    (f) => f.path === path && f.kind === (verb === 'add' ? 'list' : 'item'),
  );
  if (entry?.kind === 'list' && entry.canAdd) {
    const items = (getAtPath(doc, path) as unknown[]) ?? [];
    const card = isFormFieldList(path) ? FIELD_CARDS.find((c) => c.type === cardType) : undefined;
    const template = card
      ? { ...(entry.newItem as object), type: card.type, ...card.starts }
      : entry.newItem;
    return setAtPath(doc, path, [...items, freshItem(template, items)]);
  }
  if (entry?.kind !== 'item' || (verb === 'remove' && !entry.canRemove)) return doc;
  const listPath = path.slice(0, path.lastIndexOf('.'));
  const index = Number(path.slice(path.lastIndexOf('.') + 1));
  const items = getAtPath(doc, listPath) as unknown[];
  const moved = ITEM_MOVES[verb as Exclude<ListVerb, 'add'>](items, index, to);
  return moved === items ? doc : setAtPath(doc, listPath, moved);
}

/** The fields a person reads on the page: where find-and-replace looks. */
const TEXT_WIDGETS = new Set(['text', 'textarea', 'richtext']);
const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Replaces every `find` in a text; in rich text only in the words, never inside a tag. */
function replaceIn(text: string, find: string, by: string, rich: boolean) {
  let count = 0;
  const swap = (s: string, f: string, b: string) =>
    s.split(f).reduce((out, part, i) => (i === 0 ? part : (count++, `${out}${b}${part}`)), '');
  const result = rich
    ? text
        .split(/(<[^>]*>)/)
        .map((part) => (part.startsWith('<') ? part : swap(part, escapeHtml(find), escapeHtml(by))))
        .join('')
    : swap(text, find, by);
  return { result, count };
}

/**
 * Find and replace across a page's texts — headlines, paragraphs, buttons, list items, form
 * labels, SEO — as one edit (one undo). Exact and case-sensitive, so a replacement never
 * surprises; links, images, colours and ids are never touched.
 */
export function replaceText(
  doc: PageDocumentInput,
  catalog: EditorCatalog,
  find: string,
  by: string,
  kept: ReadonlySet<string> = new Set(),
): { doc: PageDocumentInput; count: number } {
  if (!find) return { doc, count: 0 };
  let next = doc;
  let count = 0;
  for (const field of allFields(doc, catalog)) {
    if (field.kind !== 'scalar' || !TEXT_WIDGETS.has(field.widget)) continue;
    const current = getAtPath(next, field.path);
    if (typeof current !== 'string') continue;
    const swapped = replaceIn(current, find, by, field.widget === 'richtext');
    if (!swapped.count) continue;
    next = applyFieldEdit(next, catalog, field.path, swapped.result, kept);
    count += swapped.count;
  }
  return { doc: next, count };
}
