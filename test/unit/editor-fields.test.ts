import { describe, expect, it } from 'vitest';
import {
  applyListAction,
  applyPageEdits,
  pageFieldGroups,
} from '../../src/domain/landing-pages/edit-form';
import { parsePageDocument } from '../../src/domain/landing-pages/document';
import { findTemplate } from '../../src/domain/templates/catalog';

const doc = () => findTemplate('b2b-demo-request')!.document;
/** Where the template's form block sits: the tests edit it by its path. */
const F = doc().blocks.findIndex((b) => b.type === 'form');

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
      options: ['centered', 'left', 'split'],
    });
  });

  it('numbers the items of lists', () => {
    const features = pageFieldGroups(doc()).find((g) => g.id === 'features')!;
    expect(features.fields.find((f) => f.path === 'blocks.1.props.items.1.title')?.label).toBe(
      'Feature 2 · Title',
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
    const formPath = `blocks.${F}.props.form`;
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

  it('edits booleans and numbers: required toggles and length limits on form fields', () => {
    const base = `blocks.${F}.props.form.fields.0`;
    const fields = pageFieldGroups(doc()).flatMap((g) => g.fields);
    expect(fields.find((f) => f.path === `${base}.required`)).toMatchObject({
      widget: 'toggle',
      value: 'true',
    });
    expect(fields.find((f) => f.path === `${base}.maxLength`)).toMatchObject({
      widget: 'number',
      optional: true,
      value: '',
    });
    const edited = applyPageEdits(doc(), {
      [`doc.${base}.required`]: 'false', // the hidden companion alone: box unticked
      [`doc.${base}.maxLength`]: '80',
      [`doc.${base}.minLength`]: '',
    });
    const parsed = parsePageDocument(edited);
    expect(parsed.ok).toBe(true);
    if (parsed.ok && parsed.value.blocks[F]!.type === 'form') {
      expect(parsed.value.blocks[F]!.props.form.fields[0]).toMatchObject({
        required: false,
        maxLength: 80,
      });
      expect(parsed.value.blocks[F]!.props.form.fields[0]!.minLength).toBeUndefined();
    }
    const ticked = applyPageEdits(doc(), { [`doc.${base}.required`]: ['false', 'true'] });
    expect(parsePageDocument(ticked).ok && JSON.stringify(ticked)).toContain('"required":true');
  });

  it('adds a form field with a unique name and removes one, only where the editor offers it', () => {
    const list = `blocks.${F}.props.form.fields`;
    const before = (doc().blocks[F]!.props as { form: { fields: unknown[] } }).form.fields.length;
    const added = applyListAction(applyListAction(doc(), `add:${list}`), `add:${list}`);
    const names = (
      added.blocks[F]!.props as { form: { fields: { name: string }[] } }
    ).form.fields.map((f) => f.name);
    expect(names.slice(-2)).toEqual(['question', 'question_2']);
    expect(parsePageDocument(added).ok).toBe(true);
    const removed = applyListAction(added, `remove:${list}.0`);
    expect((removed.blocks[F]!.props as { form: { fields: unknown[] } }).form.fields).toHaveLength(
      before + 1,
    );
    // Paths the editor does not show are ignored, not obeyed.
    expect(applyListAction(doc(), 'remove:blocks.0')).toEqual(doc());
    expect(applyListAction(doc(), 'add:blocks')).toEqual(doc());
  });

  it('never removes the last item of a list that needs one', () => {
    const single = structuredClone(doc());
    const form = single.blocks[F]!.props as { form: { fields: unknown[] } };
    form.form.fields = form.form.fields.slice(0, 1);
    const heads = pageFieldGroups(single)
      .flatMap((g) => g.fields)
      .filter((f) => f.kind === 'item' && f.path.startsWith(`blocks.${F}.props.form.fields.`));
    expect(heads).toEqual([expect.objectContaining({ canRemove: false })]);
  });

  it('offers the per-tier thank-you messages even before any is set', () => {
    // The template sets a message for hot leads only.
    const path = `blocks.${F}.props.form.tierMessages.warm`;
    expect(
      pageFieldGroups(doc())
        .flatMap((g) => g.fields)
        .find((f) => f.path === path),
    ).toMatchObject({ value: '', optional: true });
    const edited = applyPageEdits(doc(), {
      [`doc.${path}`]: 'Here is our month-end checklist while we set up your demo.',
      [`doc.blocks.${F}.props.form.tierMessages.cold`]: '',
    });
    const parsed = parsePageDocument(edited);
    expect(
      parsed.ok &&
        parsed.value.blocks[F]!.type === 'form' &&
        parsed.value.blocks[F]!.props.form.tierMessages,
    ).toEqual({
      hot: expect.stringContaining('Book a call now'),
      warm: 'Here is our month-end checklist while we set up your demo.',
    });
  });
});
