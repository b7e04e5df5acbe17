/*
 * The font pairs a page can use: real web fonts (OFL-licensed, self-hosted from the
 * maintained @fontsource packages, Latin subset only), each with a system stack of similar
 * shape behind it so text shows at once and swaps when the font arrives. Plain data: the
 * page layout turns it into @font-face rules with the files' built addresses.
 */

/** One font file: a family at a weight (the keys of the built files' addresses). */
export type FontFace = { family: string; weight: 400 | 600 | 700; file: FontFile };

export const FONT_FILES = [
  'inter-400',
  'inter-700',
  'fraunces-700',
  'source-sans-3-400',
  'source-sans-3-700',
  'nunito-400',
  'nunito-700',
  'jetbrains-mono-700',
  'dm-serif-display-400',
  'dm-sans-400',
  'dm-sans-700',
  'space-grotesk-700',
  'manrope-400',
  'manrope-700',
] as const;
export type FontFile = (typeof FONT_FILES)[number];

const SANS = "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
const SERIF = "Charter, 'Bitstream Charter', 'Sitka Text', Cambria, Georgia, serif";
const MONO = "ui-monospace, 'Cascadia Code', 'Source Code Pro', Menlo, Consolas, monospace";
const ROUNDED = "'Avenir Next', Avenir, Corbel, 'URW Gothic', sans-serif";

type Pair = {
  label: string;
  heading: { family: string; fallback: string; face: FontFace };
  body: { family: string; fallback: string; faces: FontFace[] };
};

const face = (family: string, weight: FontFace['weight'], file: FontFile): FontFace => ({
  family,
  weight,
  file,
});
const inter = [face('Inter', 400, 'inter-400'), face('Inter', 700, 'inter-700')];

export const FONT_PAIR_TABLE = {
  modern: {
    label: 'Modern — Inter',
    heading: { family: 'Inter', fallback: SANS, face: inter[1]! },
    body: { family: 'Inter', fallback: SANS, faces: inter },
  },
  classic: {
    label: 'Classic — Fraunces with Source Sans',
    heading: { family: 'Fraunces', fallback: SERIF, face: face('Fraunces', 700, 'fraunces-700') },
    body: {
      family: 'Source Sans 3',
      fallback: SANS,
      faces: [
        face('Source Sans 3', 400, 'source-sans-3-400'),
        face('Source Sans 3', 700, 'source-sans-3-700'),
      ],
    },
  },
  friendly: {
    label: 'Friendly — Nunito',
    heading: { family: 'Nunito', fallback: ROUNDED, face: face('Nunito', 700, 'nunito-700') },
    body: { family: 'Nunito', fallback: ROUNDED, faces: [face('Nunito', 400, 'nunito-400')] },
  },
  technical: {
    label: 'Technical — JetBrains Mono with Inter',
    heading: {
      family: 'JetBrains Mono',
      fallback: MONO,
      face: face('JetBrains Mono', 700, 'jetbrains-mono-700'),
    },
    body: { family: 'Inter', fallback: SANS, faces: inter },
  },
  editorial: {
    label: 'Editorial — DM Serif Display with DM Sans',
    heading: {
      family: 'DM Serif Display',
      fallback: SERIF,
      face: face('DM Serif Display', 400, 'dm-serif-display-400'),
    },
    body: {
      family: 'DM Sans',
      fallback: SANS,
      faces: [face('DM Sans', 400, 'dm-sans-400'), face('DM Sans', 700, 'dm-sans-700')],
    },
  },
  bold: {
    label: 'Bold — Space Grotesk with Manrope',
    heading: {
      family: 'Space Grotesk',
      fallback: SANS,
      face: face('Space Grotesk', 700, 'space-grotesk-700'),
    },
    body: {
      family: 'Manrope',
      fallback: SANS,
      faces: [face('Manrope', 400, 'manrope-400'), face('Manrope', 700, 'manrope-700')],
    },
  },
} as const satisfies Record<string, Pair>;

export type FontPairId = keyof typeof FONT_PAIR_TABLE;
export const FONT_PAIR_IDS = Object.keys(FONT_PAIR_TABLE) as [FontPairId, ...FontPairId[]];
export const FONT_PAIR_LABELS = Object.fromEntries(
  FONT_PAIR_IDS.map((id) => [id, FONT_PAIR_TABLE[id].label]),
) as Record<FontPairId, string>;

/** The faces a pair needs, each once; the heading's first (the one worth preloading). */
export function pairFaces(id: FontPairId): FontFace[] {
  const pair: Pair = FONT_PAIR_TABLE[id];
  const all = [pair.heading.face, ...pair.body.faces];
  return all.filter((f, i) => all.findIndex((g) => g.file === f.file) === i);
}

/** The pair's font stacks: the web font first, its system look-alike behind it. */
export function pairStacks(id: FontPairId): { heading: string; body: string } {
  const pair: Pair = FONT_PAIR_TABLE[id];
  return {
    heading: `'${pair.heading.family}', ${pair.heading.fallback}`,
    body: `'${pair.body.family}', ${pair.body.fallback}`,
  };
}

/**
 * The @font-face rules of a pair, with `url` giving each file's served address. Every
 * value comes from this table, never from the document, so the CSS is safe as it is.
 */
export function fontFaceCss(id: FontPairId, url: (file: FontFile) => string): string {
  return pairFaces(id)
    .map(
      (f) =>
        `@font-face{font-family:'${f.family}';font-style:normal;font-weight:${f.weight};font-display:swap;src:url(${url(f.file)}) format('woff2');unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD}`,
    )
    .join('');
}
