import { describe, expect, it } from 'vitest';
import { applyPageEdits, pageFieldGroups } from '../../src/domain/landing-pages/edit-form';
import { parsePageDocument } from '../../src/domain/landing-pages/document';
import { listTemplates } from '../../src/domain/templates/catalog';

const doc = () => listTemplates()[0]!.document;

describe('editor fields generated from the block schemas', () => {
  it('offers every text of the hero with its label', () => {
    const hero = pageFieldGroups(doc()).find((g) => g.id === 'hero')!;
    const headline = hero.fields.find((f) => f.path === 'blocks.0.props.headline')!;
    expect(headline).toMatchObject({
      label: 'Headline',
      widget: 'text',
      value: 'Close the month in three days, not ten',
    });
    expect(hero.fields.find((f) => f.path === 'blocks.0.props.layout')).toMatchObject({
      widget: 'select',
      options: ['centered', 'left'],
    });
  });

  it('numbers the items of lists', () => {
    const features = pageFieldGroups(doc()).find((g) => g.id === 'features')!;
    expect(features.fields.find((f) => f.path === 'blocks.1.props.items.1.title')?.label).toBe(
      'Features 2 · Title',
    );
  });

  it('applies posted edits to known paths only', () => {
    const edited = applyPageEdits(doc(), {
      'doc.blocks.0.props.headline': 'A new headline',
      'doc.theme.primary': '#0f766e',
      'doc.blocks.0.type': 'form',
      'doc.__proto__.polluted': 'x',
      title: 'ignored',
    });
    const parsed = parsePageDocument(edited);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.blocks[0]).toMatchObject({
        type: 'hero',
        props: { headline: 'A new headline' },
      });
      expect(parsed.value.theme.primary).toBe('#0f766e');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(doc().blocks[0]).toMatchObject({
      type: 'hero',
      props: { headline: 'Close the month in three days, not ten' },
    });
  });

  it('clears an optional field left empty instead of failing validation', () => {
    const formPath = 'blocks.3.props.form';
    const groups = pageFieldGroups(doc());
    const redirect = groups
      .flatMap((g) => g.fields)
      .find((f) => f.path === `${formPath}.redirectUrl`);
    expect(redirect).toMatchObject({ optional: true, value: '' });
    const pattern = groups
      .flatMap((g) => g.fields)
      .find((f) => f.path === `${formPath}.fields.0.pattern`);
    expect(pattern).toMatchObject({ widget: 'select', optional: true });
    const edited = applyPageEdits(doc(), {
      [`doc.${formPath}.redirectUrl`]: '  ',
      [`doc.${formPath}.fields.0.pattern`]: '',
    });
    expect(parsePageDocument(edited).ok).toBe(true);
  });
});
