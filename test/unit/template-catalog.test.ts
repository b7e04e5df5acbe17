import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateArt } from '../../src/cli/template-art';
import { listTemplates } from '../../src/domain/templates/catalog';

describe('template catalog', () => {
  it('has at least eight distinct templates, each with a preview made by templates:previews', () => {
    const templates = listTemplates();
    expect(templates.length).toBeGreaterThanOrEqual(8);
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
    for (const t of templates)
      expect(
        existsSync(resolve(import.meta.dirname, `../../public/templates/${t.id}.jpg`)),
        `${t.id}: run npm run templates:previews`,
      ).toBe(true);
  });

  it('gives every hero an illustration of its own, drawn in the repo, kept small, described', () => {
    for (const t of listTemplates()) {
      const hero = t.document.blocks[0]!;
      expect(hero.type, t.id).toBe('hero');
      if (hero.type !== 'hero') continue;
      expect(hero.props.image, t.id).toBe(`/templates/art/${t.id}.svg`);
      expect(hero.props.imageAlt?.length ?? 0, `${t.id} alt text`).toBeGreaterThan(20);
      const file = resolve(import.meta.dirname, `../../public${hero.props.image}`);
      // What is committed is what the drawing code makes from the template's colours today.
      expect(readFileSync(file, 'utf8'), `${t.id}: run npm run templates:art`).toBe(
        templateArt(t.id, t.document.theme),
      );
      expect(statSync(file).size, t.id).toBeLessThan(8 * 1024);
    }
    expect(existsSync(resolve(import.meta.dirname, '../../public/templates/art/LICENSE.md'))).toBe(
      true,
    );
  });

  it('writes real copy: no placeholder text in any template', () => {
    const text = JSON.stringify(listTemplates());
    expect(text).not.toMatch(/lorem|ipsum|placeholder text|your company|TODO/i);
  });

  it('promises no email Kindling does not send, and content forms hand over what they offer', () => {
    for (const t of listTemplates()) {
      const text = JSON.stringify(t.document);
      expect(text, t.id).not.toMatch(
        /we (have )?e-?mail(ed)? (you )?(the|your)|(is|are) in your inbox|check your inbox|reply to (the|that) e-?mail|on its way/i,
      );
      for (const b of t.document.blocks)
        if (b.type === 'form' && b.props.form.purpose === 'download') {
          const url = b.props.form.download?.url ?? '';
          expect(url, t.id).toMatch(/^\/downloads\//);
          expect(existsSync(resolve(import.meta.dirname, `../../public${url}`)), url).toBe(true);
        }
    }
  });
});
