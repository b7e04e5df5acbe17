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
});
