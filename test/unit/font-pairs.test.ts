import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FONT_FILES,
  FONT_PAIR_IDS,
  FONT_PAIR_LABELS,
  fontFaceCss,
  pairFaces,
  pairStacks,
} from '../../src/domain/landing-pages/font-pairs';

describe('font pairs', () => {
  it('offers at least six pairs of real web fonts, each named in words', () => {
    expect(FONT_PAIR_IDS.length).toBeGreaterThanOrEqual(6);
    for (const id of FONT_PAIR_IDS) expect(FONT_PAIR_LABELS[id]).toMatch(/^[A-Z].+ — /);
  });

  it('ships every file it names, from its @fontsource package, Latin subset', () => {
    for (const file of FONT_FILES) {
      const [, family, weight] = /^(.+)-(\d{3})$/.exec(file)!;
      const path = `@fontsource/${family}/files/${family}-latin-${weight}-normal.woff2`;
      expect(existsSync(resolve(import.meta.dirname, '../../node_modules', path)), path).toBe(true);
    }
    const used = new Set(FONT_PAIR_IDS.flatMap((id) => pairFaces(id).map((f) => f.file)));
    expect([...used].sort()).toEqual([...FONT_FILES].sort()); // none unused, none missing
  });

  it('writes swap-displayed faces, the heading first, and stacks with a system fallback', () => {
    const css = fontFaceCss('classic', (f) => `/_astro/${f}.woff2`);
    expect(css.match(/@font-face/g)).toHaveLength(3);
    expect(css).toContain("font-family:'Fraunces'");
    expect(css).toContain('font-display:swap');
    expect(css).toContain("src:url(/_astro/fraunces-700.woff2) format('woff2')");
    expect(pairFaces('modern').map((f) => f.file)).toEqual(['inter-700', 'inter-400']);
    expect(pairStacks('technical')).toEqual({
      heading: expect.stringMatching(/^'JetBrains Mono', ui-monospace/),
      body: expect.stringMatching(/^'Inter', ui-sans-serif/),
    });
  });
});
