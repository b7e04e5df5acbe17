import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
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
