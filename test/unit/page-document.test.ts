import { describe, expect, it } from 'vitest';
import { blockLibrary } from '../../src/domain/blocks/registry';
import { parsePageDocument } from '../../src/domain/landing-pages/document';
import { listTemplates } from '../../src/domain/templates/catalog';

const template = () => structuredClone(listTemplates()[0]!.document);

describe('page document schema', () => {
  it('parses every template', () => {
    const templates = listTemplates();
    expect(templates.length).toBeGreaterThanOrEqual(1);
    for (const t of templates) {
      const parsed = parsePageDocument(t.document);
      expect(parsed.ok, t.id).toBe(true);
      expect(
        t.document.blocks.some((b) => b.type === 'form'),
        `${t.id} has a form`,
      ).toBe(true);
    }
  });

  it('gives every block type defaults that parse with its own schema', () => {
    for (const block of blockLibrary)
      expect(block.props.safeParse(block.defaults).success, block.type).toBe(true);
  });

  it('refuses an unknown block type, naming the block and the known types', () => {
    const doc = template() as { blocks: unknown[] };
    doc.blocks.push({ id: 'x', type: 'carousel', props: {} });
    const result = parsePageDocument(doc);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(`blocks[${doc.blocks.length - 1}]`);
      expect(result.message).toMatch(/Unknown block type.*hero/);
    }
  });

  it('refuses a bad field with a message naming the field', () => {
    const doc = template();
    (doc.blocks[0]!.props as { headline: string }).headline = '';
    const result = parsePageDocument(doc);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toBe('blocks[0].props.headline: Headline is required.');
      expect(result.fields).toHaveProperty(['blocks.0.props.headline']);
    }
  });

  it('refuses script links and bad colours', () => {
    const doc = template();
    (doc.blocks[0]!.props as { ctaHref: string }).ctaHref = 'javascript:alert(1)';
    doc.theme.primary = 'red;}</style><script>';
    const result = parsePageDocument(doc);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.fields!)).toEqual(
        expect.arrayContaining(['blocks.0.props.ctaHref', 'theme.primary']),
      );
    }
  });

  it('refuses two blocks with the same id and a form without an email field', () => {
    const doc = template();
    doc.blocks[1]!.id = doc.blocks[0]!.id;
    const form = doc.blocks.find((b) => b.type === 'form')!;
    if (form.type === 'form')
      form.props.form.fields = form.props.form.fields.filter((f) => f.type !== 'email');
    const result = parsePageDocument(doc);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(Object.values(result.fields!).join(' ')).toMatch(
        /share the id[\s\S]*exactly one email field|exactly one email field[\s\S]*share the id/,
      );
  });

  it('strips control characters and normalises text', () => {
    const doc = template();
    (doc.blocks[0]!.props as { headline: string }).headline = '  Cafe\u0301\u0000 time \u200b ';
    const result = parsePageDocument(doc);
    expect(
      result.ok &&
        result.value.blocks[0]!.type === 'hero' &&
        result.value.blocks[0]!.props.headline,
    ).toBe('Café time');
  });
});
