import { z } from 'zod';
import { fieldMeta, type Widget } from './fields';

export type EditorField = {
  /** Dotted path inside the block's props, e.g. `items.1.title`. */
  path: string;
  label: string;
  widget: Exclude<Widget, 'list' | 'form' | 'toggle'>;
  value: string;
  options?: readonly string[];
  help?: string;
  /** May be left empty: an empty value removes it rather than failing validation. */
  optional: boolean;
};

function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional)
    return unwrap(schema.def.innerType as z.ZodType);
  return schema;
}

const SCALAR_WIDGETS = new Set<Widget>(['text', 'textarea', 'url', 'color', 'select']);

/**
 * The editable scalar fields of a value, found by walking its schema: the editor's form is
 * generated from the same schema that validates the block, never written by hand.
 */
export function editorFields(
  schema: z.ZodType,
  value: unknown,
  path = '',
  labelPrefix = '',
): EditorField[] {
  const meta = fieldMeta(unwrap(schema)) ?? fieldMeta(schema);
  const inner = unwrap(schema);
  if (meta && SCALAR_WIDGETS.has(meta.widget)) {
    return [
      {
        path,
        label: labelPrefix + meta.label,
        widget: meta.widget as EditorField['widget'],
        value: typeof value === 'string' ? value : '',
        optional: schema instanceof z.ZodOptional,
        ...(inner instanceof z.ZodEnum ? { options: inner.options as string[] } : {}),
        ...(meta.help ? { help: meta.help } : {}),
      },
    ];
  }
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (inner instanceof z.ZodObject && value && typeof value === 'object') {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
      editorFields(child, (value as Record<string, unknown>)[key], at(key), labelPrefix),
    );
  }
  if (inner instanceof z.ZodArray && Array.isArray(value)) {
    // "Features 2 · Title": list items are told apart by their position.
    return value.flatMap((item, i) =>
      editorFields(
        inner.element as z.ZodType,
        item,
        at(i),
        `${labelPrefix}${meta?.label ?? 'Item'} ${i + 1} · `,
      ),
    );
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
  const current = (copy as Record<string | number, unknown>)[key];
  if (current === undefined && rest.length > 0) return target;
  (copy as Record<string | number, unknown>)[key] = rest.length
    ? setAtPath(current, rest.join('.'), value)
    : value;
  return copy as T;
}
