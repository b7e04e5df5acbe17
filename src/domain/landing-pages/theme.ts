import type { Theme } from './document';
import { pairStacks } from './font-pairs';

/** How much room sections get, as a factor of the default padding. */
const SPACING: Record<Theme['spacing'], string> = { compact: '0.7', comfortable: '1', airy: '1.3' };

/**
 * Palettes the editor offers in one click (each passes WCAG AA for text on background and
 * for the button's text on the primary colour; a test checks). Custom colours stay free.
 */
export const PALETTES = {
  Indigo: { primary: '#4338ca', background: '#ffffff', surface: '#f5f6ff', text: '#171a2e' },
  Forest: { primary: '#3f6212', background: '#fbfcf7', surface: '#f1f5e6', text: '#1b2212' },
  Ember: { primary: '#c2410c', background: '#ffffff', surface: '#fff7ed', text: '#1f1a17' },
  Teal: { primary: '#0f766e', background: '#ffffff', surface: '#f0faf8', text: '#12211f' },
  Plum: { primary: '#7c3aed', background: '#fcfbff', surface: '#f3efff', text: '#1c1530' },
} satisfies Record<string, Pick<Theme, 'primary' | 'background' | 'surface' | 'text'>>;

const RADIUS: Record<Theme['buttonShape'], string> = {
  rounded: '10px',
  pill: '999px',
  square: '2px',
};

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** White or near-black, whichever reads better on `background` (WCAG contrast). */
export const readableOn = (background: string): string =>
  contrastRatio(background, '#ffffff') >= contrastRatio(background, '#111318')
    ? '#ffffff'
    : '#111318';

/**
 * The theme as CSS custom properties. Every value went through the theme schema (hex
 * colours, enum fonts), so the string is safe inside a <style> element.
 */
export function themeCss(theme: Theme): string {
  const fonts = pairStacks(theme.font);
  const vars = {
    '--k-primary': theme.primary,
    '--k-on-primary': readableOn(theme.primary),
    '--k-bg': theme.background,
    '--k-surface': theme.surface,
    '--k-text': theme.text,
    '--k-font-heading': fonts.heading,
    '--k-font-body': fonts.body,
    '--k-radius': RADIUS[theme.buttonShape],
    '--k-space': SPACING[theme.spacing],
  };
  return `:root{${Object.entries(vars)
    .map(([k, v]) => `${k}:${v}`)
    .join(';')}}`;
}
