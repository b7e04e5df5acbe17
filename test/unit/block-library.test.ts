import { describe, expect, it } from 'vitest';
import { blockDefinition, blockLibrary, blockSchema } from '../../src/domain/blocks/registry';
import { sanitizeRichText } from '../../src/domain/blocks/rich-text';
import {
  addBlock,
  applyBlockAction,
  moveBlock,
} from '../../src/domain/editor/block-actions';
import {
  parsePageDocument,
  themeSchema,
  type PageDocumentInput,
} from '../../src/domain/landing-pages/document';
import {
  PALETTES,
  contrastRatio,
  readableOn,
  themeCss,
} from '../../src/domain/landing-pages/theme';

const page = (blocks: PageDocumentInput['blocks']): PageDocumentInput => ({
  version: 1,
  seo: { title: 'A page' },
  blocks,
});

describe('block library', () => {
  it.each(blockLibrary.map((b) => [b.type, b] as const))(
    '%s: its starting content is valid',
    (type, def) => {
      const parsed = blockSchema.safeParse({ id: 'x', type, props: def.defaults });
      expect(parsed.error?.issues ?? []).toEqual([]);
    },
  );

  it('names the field of a bad value in a new block', () => {
    const bad = parsePageDocument(
      page([
        {
          id: 'v',
          type: 'video',
          props: { provider: 'youtube', videoId: 'javascript:alert(1)', title: 'Tour' },
        },
        { id: 'i', type: 'image', props: { src: 'https://x.test/a.png', alt: '' } },
        { id: 'c', type: 'countdown', props: { heading: 'Ends', deadline: 'soon' } },
      ]),
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(Object.keys(bad.fields ?? {})).toEqual(
      expect.arrayContaining([
        'blocks.0.props.videoId',
        'blocks.1.props.alt',
        'blocks.2.props.deadline',
      ]),
    );
  });
});

describe('rich text', () => {
  it('keeps the formatting a marketer uses and removes everything that could run', () => {
    expect(
      sanitizeRichText(
        '<p>Hi <strong>there</strong> <a href="https://x.test">x</a></p><script>alert(1)</script>' +
          '<img src=x onerror=alert(1)><a href="javascript:alert(1)">y</a>' +
          '<p onclick="alert(1)" style="color:red">z</p><iframe src="https://evil.test"></iframe>',
      ),
    ).toBe(
      '<p>Hi <strong>there</strong> <a href="https://x.test" rel="noopener noreferrer nofollow">x</a></p><a>y</a><p>z</p>',
    );
  });

  it('is sanitized when the page is saved', () => {
    const doc = parsePageDocument(
      page([{ id: 't', type: 'richText', props: { body: '<p>ok</p><script>x()</script>' } }]),
    );
    expect(doc.ok && doc.value.blocks[0]).toMatchObject({ props: { body: '<p>ok</p>' } });
  });
});

describe('arranging blocks', () => {
  const start = page([
    { id: 'hero', type: 'hero', props: { headline: 'Hello' } },
    { id: 'faq', type: 'faq', props: { items: [] } },
    { id: 'footer', type: 'footer', props: {} },
  ]);
  const ids = (d: PageDocumentInput) => d.blocks.map((b) => b.id);

  it('moves, duplicates, hides and deletes one block, leaving the rest', () => {
    expect(ids(applyBlockAction(start, 'down', 0))).toEqual(['faq', 'hero', 'footer']);
    expect(ids(applyBlockAction(start, 'up', 0))).toEqual(['hero', 'faq', 'footer']);
    expect(ids(applyBlockAction(start, 'duplicate', 1))).toEqual([
      'hero',
      'faq',
      'faq-2',
      'footer',
    ]);
    expect(applyBlockAction(start, 'hide', 1).blocks[1]).toMatchObject({ hidden: true });
    expect(ids(applyBlockAction(start, 'delete', 0))).toEqual(['faq', 'footer']);
    expect(applyBlockAction(start, 'delete', 9)).toBe(start);
  });

  it('moves a dragged block to where it was dropped', () => {
    expect(ids(moveBlock(start, 2, 0))).toEqual(['footer', 'hero', 'faq']);
    expect(ids(moveBlock(start, 0, 1))).toEqual(['faq', 'hero', 'footer']);
    expect(moveBlock(start, 0, 7)).toBe(start);
  });

  it('adds a block from the library before the footer, with an unused id', () => {
    const stats = blockDefinition('stats')!;
    const once = addBlock(start, stats);
    expect(once.id).toBe('stats');
    expect(ids(once.doc)).toEqual(['hero', 'faq', 'stats', 'footer']);
    expect(addBlock(once.doc, stats).id).toBe('stats-2');
    expect(parsePageDocument(once.doc).ok).toBe(true);
  });
});

describe('theme', () => {
  it('offers palettes that pass WCAG AA for text and for buttons', () => {
    for (const [name, p] of Object.entries(PALETTES)) {
      expect(contrastRatio(p.text, p.background), name).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(p.text, p.surface), name).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(readableOn(p.primary), p.primary), name).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('turns spacing into a factor on section padding', () => {
    const css = (spacing: 'compact' | 'airy') => themeCss({ ...themeSchema.parse({}), spacing });
    expect(css('compact')).toContain('--k-space:0.7');
    expect(css('airy')).toContain('--k-space:1.3');
  });
});
