import { describe, expect, it } from 'vitest';
import { parseAnswers } from '../../src/domain/forms/answers';
import { formDefinitionSchema, type FieldDefinition } from '../../src/domain/forms/definition';

const form = (fields: Partial<FieldDefinition>[]) =>
  formDefinitionSchema.parse({
    purpose: 'contact',
    submitLabel: 'Send',
    successMessage: 'Thanks',
    fields: [
      { name: 'email', type: 'email', label: 'Email' },
      ...fields.map((f) => ({ label: f.name, ...f })),
    ],
  });

describe('answers schema built from the form definition', () => {
  const cases: {
    field: Partial<FieldDefinition>;
    good: string | string[];
    parsed: unknown;
    bad?: string | string[];
  }[] = [
    {
      field: { name: 'company', type: 'text', maxLength: 10 },
      good: ' Acme ',
      parsed: 'Acme',
      bad: 'x'.repeat(11),
    },
    {
      field: { name: 'note', type: 'textarea' },
      good: 'line 1\r\nline 2',
      parsed: 'line 1\nline 2',
      bad: 'x'.repeat(5001),
    },
    {
      field: { name: 'phone', type: 'phone' },
      good: '+44 20 7946 0958',
      parsed: '+44 20 7946 0958',
      bad: 'call me',
    },
    { field: { name: 'seats', type: 'number' }, good: '12', parsed: 12, bad: '12 seats' },
    {
      field: { name: 'when', type: 'date' },
      good: '2026-12-01',
      parsed: '2026-12-01',
      bad: '01/12/2026',
    },
    {
      field: { name: 'size', type: 'select', options: ['1-10', '11-50'] },
      good: '1-10',
      parsed: '1-10',
      bad: '51+',
    },
    {
      field: { name: 'role', type: 'radio', options: ['Buyer', 'User'] },
      good: 'User',
      parsed: 'User',
      bad: 'Other',
    },
    {
      field: { name: 'topics', type: 'checkbox_group', options: ['A', 'B', 'C'] },
      good: ['A', 'C'],
      parsed: ['A', 'C'],
      bad: ['A', 'Z'],
    },
    { field: { name: 'updates', type: 'checkbox' }, good: 'on', parsed: true },
    {
      field: { name: 'utm', type: 'hidden' },
      good: 'spring',
      parsed: 'spring',
      bad: 'x'.repeat(501),
    },
  ];

  it.each(cases)(
    '$field.type: accepts a good answer and refuses a bad one',
    ({ field, good, parsed, bad }) => {
      const def = form([field]);
      const ok = parseAnswers(def, { email: 'a@b.co', [field.name!]: good });
      expect(ok.ok && ok.answers[field.name!]).toEqual(parsed);
      if (bad !== undefined) {
        const ko = parseAnswers(def, { email: 'a@b.co', [field.name!]: bad });
        expect(ko.ok).toBe(false);
        if (!ko.ok) {
          expect(Object.keys(ko.errors)).toEqual([field.name]);
          expect(ko.raw[field.name!]).toEqual(bad);
        }
      }
    },
  );

  it('always requires a valid email', () => {
    const def = form([]);
    const missing = parseAnswers(def, {});
    expect(!missing.ok && missing.errors.email).toBe('Email is required.');
    const bad = parseAnswers(def, { email: 'not-an-email' });
    expect(!bad.ok && bad.errors.email).toMatch(/valid email/);
  });

  it('requires required fields and an unticked required consent', () => {
    const def = form([
      { name: 'name', type: 'text', required: true, label: 'Name' },
      { name: 'consent', type: 'consent', required: true, label: 'I agree' },
    ]);
    const result = parseAnswers(def, { email: 'a@b.co', name: '   ' });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual({
        name: 'Name is required.',
        consent: 'Please agree to continue.',
      });
  });

  it('ignores fields the form does not have and keeps the others on error', () => {
    const def = form([{ name: 'company', type: 'text' }]);
    const result = parseAnswers(def, { email: 'bad', company: 'Acme', injected: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.raw).toEqual({ email: 'bad', company: 'Acme' });
  });
});

describe('pattern rules shared with the browser', () => {
  it('compile both as server regexes (u) and as HTML pattern attributes (v), and mean the same', async () => {
    const { PATTERNS } = await import('../../src/domain/forms/patterns');
    const { fieldRules } = await import('../../src/domain/forms/rules');
    const sources = [
      ...Object.values(PATTERNS).map((p) => p.source),
      ...(['email', 'phone', 'number', 'date'] as const).map(
        (type) =>
          fieldRules({ name: 'x', type, label: 'X', required: false, meaning: 'none' }).pattern!,
      ),
    ];
    const samples = [
      '12345',
      'Jo Lee',
      'example.com',
      'https://a.io/x',
      '+44 (20) 7946-0958',
      'a@b.co',
      '-1.5',
      '2026-01-31',
      'SW1A 1AA',
      '12 seats',
      'x y@',
    ];
    for (const source of sources) {
      const u = new RegExp(`^(?:${source})$`, 'u');
      const v = new RegExp(`^(?:${source})$`, 'v');
      for (const sample of samples)
        expect(v.test(sample), `${source} on ${sample}`).toBe(u.test(sample));
    }
  });

  it('applies a preset pattern and length limits on the server', () => {
    const def = form([
      { name: 'zip', type: 'text', pattern: 'us_zip', minLength: 5, label: 'ZIP' },
    ]);
    expect(parseAnswers(def, { email: 'a@b.co', zip: '94107' }).ok).toBe(true);
    const bad = parseAnswers(def, { email: 'a@b.co', zip: '9410' });
    expect(!bad.ok && bad.errors.zip).toBe('ZIP: at least 5 characters.');
    const wrong = parseAnswers(def, { email: 'a@b.co', zip: 'ABCDE' });
    expect(!wrong.ok && wrong.errors.zip).toBe('Enter a ZIP code, like 94107.');
  });
});
