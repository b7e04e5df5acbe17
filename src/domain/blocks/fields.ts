import { z } from 'zod';
import { cleanText } from '../text';
import { RICH_TEXT_HELP, sanitizeRichText } from './rich-text';

/**
 * Field builders shared by every block schema. The `meta` they attach (label, widget) is
 * what the editor reads to build its form, so a block's shape is written once, here.
 */
export type Widget =
  | 'text'
  | 'textarea'
  | 'richtext'
  | 'url'
  | 'image'
  | 'color'
  | 'select'
  | 'toggle'
  | 'number'
  | 'list'
  | 'datetime';
export type FieldMeta = {
  label: string;
  widget: Widget;
  help?: string;
  /** Lists: what one item is called, and what the editor's "Add" button inserts. */
  itemLabel?: string;
  newItem?: unknown;
  minItems?: number;
  /** Choices: what the editor shows for each value. */
  optionLabels?: Record<string, string>;
};

export const text = (label: string, max: number, opts: { min?: number; help?: string } = {}) =>
  z
    .string()
    .transform((v) => cleanText(v))
    .pipe(
      z
        .string()
        .min(opts.min ?? 0, `${label} is required.`)
        .max(max, `${label}: at most ${max} characters.`),
    )
    .meta({ label, widget: 'text', help: opts.help } satisfies FieldMeta);

export const longText = (label: string, max: number, opts: { min?: number } = {}) =>
  z
    .string()
    .transform((v) => cleanText(v, true))
    .pipe(
      z
        .string()
        .min(opts.min ?? 0, `${label} is required.`)
        .max(max, `${label}: at most ${max} characters.`),
    )
    .meta({ label, widget: 'textarea' } satisfies FieldMeta);

/**
 * Links a marketer may set: web, mail, phone, on-page anchors and site-relative paths. A
 * path never holds a backslash: browsers read `/\\evil.example` as `//evil.example`, off-site.
 */
const SITE_PATH = String.raw`\/(?![\/\\])[^\s<>"'\\]*`;
const SAFE_URL = new RegExp(
  String.raw`^(https?:\/\/[^\s<>"']+|mailto:[^\s<>"']+|tel:[+\d\s().-]+|#[A-Za-z][\w-]*|${SITE_PATH})$`,
);

export const link = (label: string) =>
  z
    .string()
    .trim()
    .max(2000, `${label}: at most 2000 characters.`)
    .regex(SAFE_URL, `${label}: use a web address (https://…), mailto:, tel:, #section or /path.`)
    .meta({ label, widget: 'url' } satisfies FieldMeta);

/** An image address: https:// or a path on this site (an uploaded asset). */
export const imageUrl = (label: string) =>
  z
    .string()
    .trim()
    .max(2000, `${label}: at most 2000 characters.`)
    .regex(
      new RegExp(String.raw`^(https:\/\/[^\s<>"']+|${SITE_PATH})?$`),
      `${label}: use an https:// address or a /path.`,
    )
    .meta({ label, widget: 'image' } satisfies FieldMeta);

/**
 * An image uploaded to this site (a /path): for places a visitor sees before consenting to
 * anything, where an address on another origin would be a request to a third party.
 */
export const siteImageUrl = (label: string) =>
  z
    .string()
    .trim()
    .max(2000, `${label}: at most 2000 characters.`)
    .regex(
      new RegExp(String.raw`^(${SITE_PATH})?$`),
      `${label}: upload an image (an address on another site would be loaded before the visitor asks).`,
    )
    .meta({ label, widget: 'image' } satisfies FieldMeta);

export const color = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, `${label}: use a colour like #1a73e8.`)
    .transform((v) => v.toLowerCase())
    .meta({ label, widget: 'color' } satisfies FieldMeta);

/** One of `values`, each offered to the marketer in words (`labels`), never as its raw value. */
export const choice = <const T extends readonly [string, ...string[]]>(
  label: string,
  values: T,
  labels: Record<T[number], string>,
) => z.enum(values).meta({ label, widget: 'select', optionLabels: labels } satisfies FieldMeta);

export const list = <T extends z.ZodType>(
  label: string,
  item: T,
  max: number,
  editor: { itemLabel?: string; newItem?: z.input<T>; min?: number } = {},
) =>
  z
    .array(item)
    .min(editor.min ?? 0, `${label}: at least ${editor.min ?? 0}.`)
    .max(max, `${label}: at most ${max} items.`)
    .meta({
      label,
      widget: 'list',
      itemLabel: editor.itemLabel ?? label,
      newItem: editor.newItem,
      minItems: editor.min ?? 0,
    } satisfies FieldMeta);

export const toggle = (label: string, help?: string) =>
  z.boolean().meta({ label, widget: 'toggle', ...(help ? { help } : {}) } satisfies FieldMeta);

export const whole = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}: enter a whole number.` })
    .int(`${label}: enter a whole number.`)
    .min(min, `${label}: at least ${min}.`)
    .max(max, `${label}: at most ${max}.`)
    .meta({ label, widget: 'number' } satisfies FieldMeta);

/**
 * Formatted text: a small safe subset of HTML, sanitized when the page is saved, so what is
 * stored is already what may be shown (and the page's CSP is a second wall behind it).
 */
export const richText = (label: string, max: number) =>
  z
    .string()
    .max(max * 2, `${label}: at most ${max} characters.`)
    .transform((html) => sanitizeRichText(html))
    .pipe(z.string().max(max, `${label}: at most ${max} characters.`))
    .meta({ label, widget: 'richtext', help: RICH_TEXT_HELP } satisfies FieldMeta);

/** A moment in time, as the editor's date-and-time input gives it (read as UTC). */
export const dateTime = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z?$/, `${label}: use a date and time.`)
    .refine(
      (v) => !Number.isNaN(Date.parse(v.endsWith('Z') ? v : `${v}Z`)),
      `${label}: not a real date.`,
    )
    .transform((v) => new Date(v.endsWith('Z') ? v : `${v}Z`).toISOString().slice(0, 16))
    .meta({ label, widget: 'datetime', help: 'In UTC.' } satisfies FieldMeta);

/** Reads the editor metadata a field builder attached, if any. */
export function fieldMeta(schema: z.ZodType): FieldMeta | undefined {
  return schema.meta() as FieldMeta | undefined;
}
