import { z } from 'zod';
import { fieldMeta, type FieldMeta, type Widget } from './fields';

/**
 * A block's shape as the editor needs it, read from its Zod schema: plain data, so the
 * browser's editor gets it without shipping Zod or the sanitizer, and the schema stays the
 * one place a block's fields are written.
 */
export type ScalarSpec = {
  kind: 'scalar';
  label: string;
  widget: Exclude<Widget, 'list'>;
  /** May be left empty: an empty value removes it rather than failing validation. */
  optional: boolean;
  options?: readonly string[];
  /** What the editor shows for each option. */
  optionLabels?: Record<string, string>;
  help?: string;
};
export type ObjectSpec = {
  kind: 'object';
  optional: boolean;
  fields: readonly (readonly [string, FieldSpec])[];
};
export type ListSpec = {
  kind: 'list';
  label: string;
  itemLabel: string;
  newItem?: unknown;
  minItems: number;
  maxItems?: number;
  item: FieldSpec;
};
export type FieldSpec = ScalarSpec | ObjectSpec | ListSpec | { kind: 'none' };

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
  'image',
  'color',
  'select',
  'toggle',
  'number',
]);

const maxLength = (schema: z.ZodArray) =>
  (schema.def.checks ?? [])
    .map((c) => c._zod.def as { check: string; maximum?: number })
    .find((d) => d.check === 'max_length')?.maximum;

/** Walks a schema into the editor's spec; parts without editor metadata are left out. */
export function fieldSpec(schema: z.ZodType): FieldSpec {
  const inner = unwrap(schema);
  const meta = fieldMeta(inner) ?? fieldMeta(schema);
  const optional = schema instanceof z.ZodOptional;
  if (meta && SCALAR_WIDGETS.has(meta.widget))
    return {
      kind: 'scalar',
      label: meta.label,
      widget: meta.widget as ScalarSpec['widget'],
      optional,
      ...(inner instanceof z.ZodEnum ? { options: inner.options as string[] } : {}),
      ...(meta.optionLabels ? { optionLabels: meta.optionLabels } : {}),
      ...(meta.help ? { help: meta.help } : {}),
    };
  if (inner instanceof z.ZodObject)
    return {
      kind: 'object',
      optional,
      fields: Object.entries(inner.shape as Record<string, z.ZodType>).map(
        ([key, child]) => [key, fieldSpec(child)] as const,
      ),
    };
  if (inner instanceof z.ZodArray) {
    const max = maxLength(inner);
    return {
      kind: 'list',
      label: meta?.label ?? 'Items',
      itemLabel: meta?.itemLabel ?? meta?.label ?? 'Item',
      ...(meta?.newItem !== undefined ? { newItem: meta.newItem } : {}),
      minItems: meta?.minItems ?? 0,
      ...(max !== undefined ? { maxItems: max } : {}),
      item: fieldSpec(inner.element as z.ZodType),
    };
  }
  if (inner instanceof z.ZodPipe) return fieldSpec(inner.in as z.ZodType);
  return { kind: 'none' };
}
