import type { Theme } from './document';

const FONT_STACKS: Record<Theme['font'], { heading: string; body: string }> = {
  modern: {
    heading:
      "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    body: "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  classic: {
    heading: "Charter, 'Bitstream Charter', 'Sitka Text', Cambria, Georgia, serif",
    body: "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
  },
  friendly: {
    heading: "'Avenir Next', Avenir, Montserrat, Corbel, 'URW Gothic', source-sans-pro, sans-serif",
    body: "'Avenir Next', Avenir, 'Segoe UI', Corbel, source-sans-pro, sans-serif",
  },
  technical: {
    heading: "ui-monospace, 'Cascadia Code', 'Source Code Pro', Menlo, Consolas, monospace",
    body: "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
  },
};

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
  const fonts = FONT_STACKS[theme.font];
  const vars = {
    '--k-primary': theme.primary,
    '--k-on-primary': readableOn(theme.primary),
    '--k-bg': theme.background,
    '--k-surface': theme.surface,
    '--k-text': theme.text,
    '--k-font-heading': fonts.heading,
    '--k-font-body': fonts.body,
    '--k-radius': RADIUS[theme.buttonShape],
  };
  return `:root{${Object.entries(vars)
    .map(([k, v]) => `${k}:${v}`)
    .join(';')}}`;
}
