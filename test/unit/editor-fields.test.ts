import { describe, expect, it } from 'vitest';
import {
  applyFieldEdit,
  applyListAction,
  pageFieldGroups,
  replaceText,
} from '../../src/domain/editor/edit-form';
import { editorCatalog } from '../../src/domain/editor/editor-catalog';
import { getAtPath } from '../../src/domain/editor/editor-fields';
import { parsePageDocument, type PageDocumentInput } from '../../src/domain/landing-pages/document';
import { findTemplate } from '../../src/domain/templates/catalog';

const catalog = editorCatalog();
const doc = () => findTemplate('b2b-demo-request')!.document;
/** Where the template's form block sits: the tests edit it by its path. */
const F = doc().blocks.findIndex((b) => b.type === 'form');
const fields = (d: PageDocumentInput = doc()) =>
  pageFieldGroups(d, catalog).flatMap((g) => g.fields);
const edit = (d: PageDocumentInput, edits: Record<string, string | boolean>) =>
  Object.entries(edits).reduce((next, [path, raw]) => applyFieldEdit(next, catalog, path, raw), d);

describe('editor fields generated from the block schemas', () => {
  it('travels to the browser as plain data', () => {
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
    expect(catalog.blocks.map((b) => b.type)).toContain('richText');
  });

  it('offers every text of the hero with its label', () => {
    const hero = pageFieldGroups(doc(), catalog).find((g) => g.id === 'hero')!;
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
    const features = pageFieldGroups(doc(), catalog).find((g) => g.id === 'features')!;
    expect(features.fields.find((f) => f.path === 'blocks.1.props.items.1.title')?.label).toBe(
      'Feature 2 · Title',
    );
  });

  it('applies edits to the fields it offers, and to nothing else', () => {
    const edited = edit(doc(), {
      'blocks.0.props.headline': 'A new headline',
      'theme.primary': '#0f766e',
      'blocks.0.type': 'form',
      '__proto__.polluted': 'x',
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
    expect(edited).not.toHaveProperty('title');
    // The document edited is never changed in place.
    expect(doc().blocks[0]).toMatchObject({
      type: 'hero',
      props: { headline: 'Close the month in three days, not ten' },
    });
  });

  it('clears an optional field left empty instead of failing validation', () => {
    const formPath = `blocks.${F}.props.form`;
    expect(fields().find((f) => f.path === `${formPath}.redirectUrl`)).toMatchObject({
      optional: true,
      value: '',
    });
    expect(fields().find((f) => f.path === `${formPath}.fields.0.pattern`)).toMatchObject({
      widget: 'select',
      optional: true,
    });
    const edited = edit(doc(), {
      [`${formPath}.redirectUrl`]: '  ',
      [`${formPath}.fields.0.pattern`]: '',
    });
    expect(parsePageDocument(edited).ok).toBe(true);
  });

  it('edits booleans and numbers: required toggles and length limits on form fields', () => {
    const base = `blocks.${F}.props.form.fields.0`;
    expect(fields().find((f) => f.path === `${base}.required`)).toMatchObject({
      widget: 'toggle',
      value: 'true',
    });
    expect(fields().find((f) => f.path === `${base}.maxLength`)).toMatchObject({
      widget: 'number',
      optional: true,
      value: '',
    });
    const edited = edit(doc(), {
      [`${base}.required`]: false,
      [`${base}.maxLength`]: '80',
      [`${base}.minLength`]: '',
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
    // A number typed as words is refused by the schema, naming the field, rather than
    // quietly becoming 0.
    const words = edit(doc(), { [`blocks.${F}.props.form.fields.0.maxLength`]: 'lots' });
    const refused = parsePageDocument(words);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(Object.keys(refused.fields ?? {})).toEqual([`${base}.maxLength`]);
  });

  it('adds a form field with a unique name and removes one, only where the editor offers it', () => {
    const list = `blocks.${F}.props.form.fields`;
    const before = (doc().blocks[F]!.props as { form: { fields: unknown[] } }).form.fields.length;
    const added = applyListAction(
      applyListAction(doc(), catalog, 'add', list),
      catalog,
      'add',
      list,
    );
    const names = (
      added.blocks[F]!.props as { form: { fields: { name: string }[] } }
    ).form.fields.map((f) => f.name);
    expect(names.slice(-2)).toEqual(['new_question', 'new_question_2']);
    expect(parsePageDocument(added).ok).toBe(true);
    const removed = applyListAction(added, catalog, 'remove', `${list}.0`);
    expect((removed.blocks[F]!.props as { form: { fields: unknown[] } }).form.fields).toHaveLength(
      before + 1,
    );
    // Paths the editor does not show are ignored, not obeyed.
    expect(applyListAction(doc(), catalog, 'remove', 'blocks.0')).toEqual(doc());
    expect(applyListAction(doc(), catalog, 'add', 'blocks')).toEqual(doc());
  });

  it('names a new question after its label, unique in the form, and keeps names with answers', () => {
    const list = `blocks.${F}.props.form.fields`;
    const twice = applyListAction(
      applyListAction(doc(), catalog, 'add', list),
      catalog,
      'add',
      list,
    );
    const count = (twice.blocks[F]!.props as { form: { fields: unknown[] } }).form.fields.length;
    const [a, b] = [count - 2, count - 1].map((i) => `${list}.${i}`);
    const named = edit(twice, {
      [`${a}.label`]: 'Annual budget',
      [`${b}.label`]: 'Annual budget (€)',
    });
    const names = () =>
      (named.blocks[F]!.props as { form: { fields: { name: string }[] } }).form.fields
        .slice(-2)
        .map((f) => f.name);
    expect(names()).toEqual(['annual_budget', 'annual_budget_2']);
    expect(parsePageDocument(named).ok).toBe(true);

    // A name set by hand, or one answers are stored under, stays whatever the label says.
    const byHand = edit(named, { [`${a}.name`]: 'budget_band', [`${a}.label`]: 'Budget' });
    expect(getAtPath(byHand, `${a}.name`)).toBe('budget_band');
    const kept = applyFieldEdit(
      named,
      catalog,
      `${b}.label`,
      'Team size',
      new Set(['annual_budget_2']),
    );
    expect(getAtPath(kept, `${b}.name`)).toBe('annual_budget_2');
    // The template's own fields follow their labels too while unpublished.
    const company = (
      doc().blocks[F]!.props as { form: { fields: { name: string }[] } }
    ).form.fields.findIndex((f) => f.name === 'company');
    expect(
      getAtPath(
        edit(doc(), { [`${list}.${company}.label`]: 'Organisation' }),
        `${list}.${company}.name`,
      ),
    ).toBe('organisation');
  });

  it('gives a question switched to a dropdown or radio buttons its first option', () => {
    const list = `blocks.${F}.props.form.fields`;
    const added = applyListAction(doc(), catalog, 'add', list);
    const last = `${list}.${(added.blocks[F]!.props as { form: { fields: unknown[] } }).form.fields.length - 1}`;
    for (const type of ['select', 'radio', 'checkbox_group']) {
      const switched = edit(added, { [`${last}.type`]: type });
      expect(getAtPath(switched, `${last}.options`)).toEqual(['Option 1']);
      expect(parsePageDocument(switched).ok).toBe(true);
      expect(fields(switched).some((f) => f.path === `${last}.options.0`)).toBe(true);
    }
  });

  it('never removes the last item of a list that needs one', () => {
    const single = structuredClone(doc());
    const form = single.blocks[F]!.props as { form: { fields: unknown[] } };
    form.form.fields = form.form.fields.slice(0, 1);
    const heads = fields(single).filter(
      (f) => f.kind === 'item' && f.path.startsWith(`blocks.${F}.props.form.fields.`),
    );
    expect(heads).toEqual([expect.objectContaining({ canRemove: false })]);
    expect(applyListAction(single, catalog, 'remove', `blocks.${F}.props.form.fields.0`)).toBe(
      single,
    );
  });

  it('offers the per-tier thank-you messages even before any is set', () => {
    // The template sets a message for hot leads only.
    const path = `blocks.${F}.props.form.tierMessages.warm`;
    expect(fields().find((f) => f.path === path)).toMatchObject({ value: '', optional: true });
    const edited = edit(doc(), {
      [path]: 'Here is our month-end checklist while we set up your demo.',
      [`blocks.${F}.props.form.tierMessages.cold`]: '',
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

describe('the form’s confirmation settings', () => {
  it('are offered as two toggles, and turning double opt-in on is stored', () => {
    const paths = fields().map((f) => f.path);
    expect(paths).toContain(`blocks.${F}.props.form.confirmation.email`);
    expect(paths).toContain(`blocks.${F}.props.form.confirmation.doubleOptIn`);
    const toggled = edit(doc(), { [`blocks.${F}.props.form.confirmation.doubleOptIn`]: true });
    expect(getAtPath(toggled, `blocks.${F}.props.form.confirmation.doubleOptIn`)).toBe(true);
    expect(parsePageDocument(toggled).ok).toBe(true);
  });
});

describe('a form builder that reads like a form', () => {
  const list = `blocks.${F}.props.form.fields`;
  const formFields = (d: PageDocumentInput) =>
    (d.blocks[F]!.props as { form: { fields: Record<string, unknown>[] } }).form.fields;
  const controlsOf = (d: PageDocumentInput, i: number) =>
    fields(d)
      .filter((f) => f.kind !== 'item' && f.path.startsWith(`${list}.${i}.`))
      .map((f) => f.path.slice(`${list}.${i}.`.length).split('.')[0]);

  it('names every choice in words, never by its raw value', () => {
    const selects = fields().filter((f) => f.kind === 'scalar' && f.widget === 'select');
    expect(selects.length).toBeGreaterThan(5);
    for (const s of selects)
      if (s.kind === 'scalar')
        for (const option of s.options ?? [])
          expect(s.optionLabels?.[option], `${s.path}: ${option}`).toMatch(/^[A-Z]/);
    const type = selects.find((s) => s.path === `${list}.0.type`);
    expect(type?.kind === 'scalar' && type.optionLabels?.checkbox_group).toBe('Checkboxes');
  });

  it('shows each field only the controls its type uses', () => {
    const added = ['email', 'select', 'hidden'].reduce<PageDocumentInput>(
      (d, type) => applyListAction(d, catalog, 'add', list, { cardType: type }),
      doc(),
    );
    const n = formFields(added).length;
    const [email, select, hidden] = [n - 3, n - 2, n - 1].map((i) => controlsOf(added, i));
    expect(email).toContain('placeholder');
    expect(email).not.toContain('options');
    expect(email).not.toContain('pattern');
    expect(select).toContain('options');
    expect(select).not.toContain('maxLength');
    expect(hidden).toEqual(expect.arrayContaining(['type', 'label', 'param', 'meaning', 'name']));
    expect(hidden).not.toContain('placeholder');
    expect(hidden).not.toContain('required');
    // Controls a type hides cannot be edited either.
    expect(applyFieldEdit(added, catalog, `${list}.${n - 2}.maxLength`, '40')).toBe(added);
  });

  it('adds a field from a card with its type, words and meaning, named from its label', () => {
    const added = applyListAction(doc(), catalog, 'add', list, { cardType: 'phone' });
    const last = formFields(added).at(-1)!;
    expect(last).toMatchObject({ type: 'phone', label: 'Phone', meaning: 'phone' });
    expect(formFields(doc()).map((f) => f.name)).toContain('phone');
    expect(last.name).toBe('phone_2'); // the template has a phone field already
    expect(parsePageDocument(added).ok).toBe(true);
    const heads = fields(added).filter((f) => f.kind === 'item' && f.path.startsWith(`${list}.`));
    expect(heads.at(-1)).toMatchObject({ title: 'Phone' }); // headed by its label
  });

  it('drops the settings a new type does not use', () => {
    const added = applyListAction(doc(), catalog, 'add', list, { cardType: 'text' });
    const i = formFields(added).length - 1;
    const limited = edit(added, {
      [`${list}.${i}.maxLength`]: '40',
      [`${list}.${i}.pattern`]: 'digits',
    });
    expect(formFields(limited)[i]).toMatchObject({ maxLength: 40, pattern: 'digits' });
    const switched = edit(limited, { [`${list}.${i}.type`]: 'select' });
    expect(formFields(switched)[i]).not.toHaveProperty('maxLength');
    expect(formFields(switched)[i]).not.toHaveProperty('pattern');
    expect(formFields(switched)[i]!.options).toEqual(['Option 1']);
    expect(parsePageDocument(switched).ok).toBe(true);
  });

  it('moves an item up and down, and not past either end', () => {
    const names = (d: PageDocumentInput) => formFields(d).map((f) => f.name);
    const before = names(doc());
    const down = applyListAction(doc(), catalog, 'down', `${list}.0`);
    expect(names(down)).toEqual([before[1], before[0], ...before.slice(2)]);
    expect(names(applyListAction(down, catalog, 'up', `${list}.1`))).toEqual(before);
    expect(names(applyListAction(doc(), catalog, 'up', `${list}.0`))).toEqual(before);
    const lastPath = `${list}.${before.length - 1}`;
    expect(names(applyListAction(doc(), catalog, 'down', lastPath))).toEqual(before);
    // A drop puts the item where it fell, the others keep their order.
    const dropped = applyListAction(doc(), catalog, 'move', `${list}.0`, { to: 2 });
    expect(names(dropped)).toEqual([before[1], before[2], before[0], ...before.slice(3)]);
    expect(applyListAction(doc(), catalog, 'move', `${list}.0`, { to: 99 })).toEqual(doc());
  });
});

describe('find and replace across a page (issue 29.6)', () => {
  it('replaces every mention in the texts, as one edit, and leaves links, ids and colours', () => {
    const before = doc();
    const mentions = JSON.stringify(before).split('Tallyhawk').length - 1;
    const { doc: after, count } = replaceText(before, catalog, 'Tallyhawk', 'Acme Rockets');
    expect(count).toBeGreaterThanOrEqual(8);
    // Counted independently: every mention in a text field, none left in one.
    const texts = pageFieldGroups(after, catalog)
      .flatMap((g) => g.fields)
      .filter((f) => f.kind === 'scalar' && ['text', 'textarea', 'richtext'].includes(f.widget));
    expect(texts.some((f) => f.kind === 'scalar' && f.value.includes('Tallyhawk'))).toBe(false);
    expect(JSON.stringify(after).split('Acme Rockets').length - 1).toBe(count);
    expect(count).toBeLessThanOrEqual(mentions);
    expect(after.blocks.map((b) => b.id)).toEqual(before.blocks.map((b) => b.id));
    expect(after.theme).toEqual(before.theme);
    // The result is still a valid page.
    expect(() => parsePageDocument(after)).not.toThrow();
    expect(replaceText(after, catalog, 'Tallyhawk', 'x').count).toBe(0);
  });

  it('replaces in the words of rich text, never inside its tags, and escapes what it writes', () => {
    const base = doc();
    const i = base.blocks.length;
    const withText = {
      ...base,
      blocks: [
        ...base.blocks,
        {
          id: 'notes',
          type: 'richText' as const,
          hidden: false,
          props: { heading: '', body: '<p><strong>strong</strong> words & strong ties</p>' },
        },
      ],
    } as PageDocumentInput;
    const { doc: after, count } = replaceText(withText, catalog, 'strong', 'bold <b>');
    expect(count).toBe(2);
    expect(getAtPath(after, `blocks.${i}.props.body`)).toBe(
      '<p><strong>bold &lt;b&gt;</strong> words & bold &lt;b&gt; ties</p>',
    );
  });
});
