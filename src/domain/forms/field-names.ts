import { asciiWords } from '../text';

/* A form field's name is how its answers are stored, exported and sent on: the marketer
   writes a label, and the name follows it (unique within the form) until answers exist. */

const MAX = 40;

/** The name a label suggests: lowercase ASCII words joined by `_`, starting with a letter. */
export function nameFromLabel(label: string): string {
  const words = asciiWords(label, '_');
  const name = /^[a-z]/.test(words) ? words : `field_${words}`.replace(/_+$/, '');
  return name.slice(0, MAX).replace(/_+$/, '');
}

/** `base`, or `base_2`, `base_3`… whichever is free among `taken`. */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = base.slice(0, MAX - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Whether `name` is what `label` suggested (with or without a uniqueness suffix). */
export function followsLabel(name: string, label: string): boolean {
  const base = nameFromLabel(label);
  return name === base || new RegExp(`^${base.slice(0, MAX - 3)}_\\d+$`).test(name);
}
