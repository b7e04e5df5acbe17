import { z } from 'zod';
import { fieldMeta, type FieldMeta, type Widget } from './fields';

/** One input of the generated editor. */
export type ScalarField = {
  kind: 'scalar';
  /** Dotted path inside the value, e.g. `items.1.title`. */
  path: string;
  label: string;
  widget: Exclude<Widget, 'list'>;
  value: string;
  options?: readonly string[];
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
export type ItemHead = { kind: 'item'; path: string; label: string; canRemove: boolean };
export type EditorField = ScalarField | ListHead | ItemHead;

function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional)
    return unwrap(schema.def.innerType as z.ZodType);
  return schema;
}

const SCALAR_WIDGETS = new Set<FieldMeta['widget']>([
  'text',
  'textarea',
  'richtext',
  'datetime',
  'url',
  'color',
  'select',
  'toggle',
  'number',
]);

function scalar(
  schema: z.ZodType,
  meta: FieldMeta,
  value: unknown,
  path: string,
  label: string,
): ScalarField {
  const inner = unwrap(schema);
  return {
    kind: 'scalar',
    path,
    label,
    widget: meta.widget as ScalarField['widget'],
    value: value === undefined || value === null ? '' : String(value),
    optional: schema instanceof z.ZodOptional,
    ...(inner instanceof z.ZodEnum ? { options: inner.options as string[] } : {}),
    ...(meta.help ? { help: meta.help } : {}),
  };
}

/**
 * The editable fields of a value, found by walking its schema: the editor's form is
 * generated from the same schema that validates the block, never written by hand.
 */
export function editorFields(
  schema: z.ZodType,
  value: unknown,
  path = '',
  labelPrefix = '',
): EditorField[] {
  const inner = unwrap(schema);
  const meta = fieldMeta(inner) ?? fieldMeta(schema);
  if (meta && SCALAR_WIDGETS.has(meta.widget))
    return [scalar(schema, meta, value, path, labelPrefix + meta.label)];
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  // An optional group not set yet (e.g. per-tier thank-yous) is offered empty.
  const object = value ?? (schema instanceof z.ZodOptional ? {} : undefined);
  if (inner instanceof z.ZodObject && object && typeof object === 'object') {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
      editorFields(child, (object as Record<string, unknown>)[key], at(key), labelPrefix),
    );
  }
  if (inner instanceof z.ZodArray && Array.isArray(value)) {
    const itemLabel = meta?.itemLabel ?? meta?.label ?? 'Item';
    const max = (inner.def.checks ?? [])
      .map((c) => c._zod.def as { check: string; maximum?: number })
      .find((d) => d.check === 'max_length')?.maximum;
    const head: ListHead = {
      kind: 'list',
      path,
      label: labelPrefix + (meta?.label ?? 'Items'),
      itemLabel,
      canAdd: meta?.newItem !== undefined && (max === undefined || value.length < max),
      newItem: meta?.newItem,
    };
    // "Features 2 · Title": list items are told apart by their position.
    return [
      head,
      ...value.flatMap((item, i) => [
        {
          kind: 'item',
          path: at(i),
          label: `${labelPrefix}${itemLabel} ${i + 1}`,
          canRemove: value.length > (meta?.minItems ?? 0),
        } satisfies ItemHead,
        ...editorFields(
          inner.element as z.ZodType,
          item,
          at(i),
          `${labelPrefix}${itemLabel} ${i + 1} · `,
        ),
      ]),
    ];
  }
  if (inner instanceof z.ZodPipe)
    return editorFields(inner.in as z.ZodType, value, path, labelPrefix);
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
