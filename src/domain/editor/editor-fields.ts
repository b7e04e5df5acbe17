import type { FieldSpec, ScalarSpec } from '../blocks/field-spec';

/** One input of the generated editor. */
export type ScalarField = {
  kind: 'scalar';
  /** Dotted path inside the value, e.g. `items.1.title`. */
  path: string;
  label: string;
  widget: ScalarSpec['widget'];
  value: string;
  options?: readonly string[];
  optionLabels?: Record<string, string>;
  help?: string;
  /** May be left empty: an empty value removes it rather than failing validation. */
  optional: boolean;
};
/** The start of a list, with its "Add" button when another item fits. */
export type ListHead = {
  kind: 'list';
  path: string;
  label: string;
  itemLabel: string;
  canAdd: boolean;
  newItem: unknown;
};
/** The start of one list item, with its "Remove" button when the list may shrink. */
export type ItemHead = {
  kind: 'item';
  path: string;
  label: string;
  /** What the item says it is (a field's label, a question, a title), to head it by. */
  title: string;
  index: number;
  count: number;
  canRemove: boolean;
};

/** The words an item is recognised by: its label, title, question or name, if it has one. */
const TITLE_KEYS = ['label', 'title', 'question', 'name', 'author'] as const;
function itemTitle(item: unknown): string {
  if (typeof item === 'string') return item;
  if (!item || typeof item !== 'object') return '';
  for (const key of TITLE_KEYS) {
    const v = (item as Record<string, unknown>)[key];
    if (typeof v === 'string' && v.trim())
      return v
        .replace(/<[^>]*>/g, '')
        .trim()
        .slice(0, 80);
  }
  return '';
}
export type EditorField = ScalarField | ListHead | ItemHead;

/**
 * The editable fields of a value, found by walking its spec (read from the block's schema):
 * the editor's form is generated from the schema that validates the block, never by hand.
 */
export function editorFields(
  spec: FieldSpec,
  value: unknown,
  path = '',
  labelPrefix = '',
): EditorField[] {
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (spec.kind === 'scalar') {
    const { kind, label, widget, optional, options, optionLabels, help } = spec;
    return [
      {
        kind,
        path,
        label: labelPrefix + label,
        widget,
        optional,
        value: value === undefined || value === null ? '' : String(value),
        ...(options ? { options } : {}),
        ...(optionLabels ? { optionLabels } : {}),
        ...(help ? { help } : {}),
      },
    ];
  }
  if (spec.kind === 'object') {
    // An optional group not set yet (e.g. per-tier thank-yous) is offered empty.
    const object = value ?? (spec.optional ? {} : undefined);
    if (!object || typeof object !== 'object') return [];
    return spec.fields.flatMap(([key, child]) =>
      editorFields(child, (object as Record<string, unknown>)[key], at(key), labelPrefix),
    );
  }
  if (spec.kind === 'list' && Array.isArray(value)) {
    const head: ListHead = {
      kind: 'list',
      path,
      label: labelPrefix + spec.label,
      itemLabel: spec.itemLabel,
      canAdd:
        spec.newItem !== undefined && (spec.maxItems === undefined || value.length < spec.maxItems),
      newItem: spec.newItem,
    };
    // "Features 2 · Title": list items are told apart by their position.
    return [
      head,
      ...value.flatMap((item, i) => [
        {
          kind: 'item',
          path: at(i),
          label: `${labelPrefix}${spec.itemLabel} ${i + 1}`,
          title: itemTitle(item),
          index: i,
          count: value.length,
          canRemove: value.length > spec.minItems,
        } satisfies ItemHead,
        ...editorFields(spec.item, item, at(i), `${labelPrefix}${spec.itemLabel} ${i + 1} · `),
      ]),
    ];
  }
  return [];
}

/** Returns a copy of `target` with the value at a dotted path replaced. */
export function setAtPath<T>(target: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  if (head === undefined || head === '') return value as T;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(target)
    ? [...target]
    : { ...(target as Record<string, unknown>) };
  const key = Array.isArray(copy) ? Number(head) : head;
  // A missing group on the way is created: the schema decides whether it may exist.
  const current =
    (copy as Record<string | number, unknown>)[key] ?? (rest.length > 0 ? {} : undefined);
  (copy as Record<string | number, unknown>)[key] = rest.length
    ? setAtPath(current, rest.join('.'), value)
    : value;
  return copy as T;
}

/** The value at a dotted path, or undefined. */
export function getAtPath(target: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      target,
    );
}
