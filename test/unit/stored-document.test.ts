import { describe, expect, it } from 'vitest';
import {
  upgradeDocument,
  type DocumentMigration,
} from '../../src/domain/landing-pages/document-migrations';
import { readStoredDocument } from '../../src/domain/landing-pages/stored-document';
import { findTemplate } from '../../src/domain/templates/catalog';

const stored = () =>
  structuredClone(findTemplate('b2b-demo-request')!.document) as unknown as {
    version: number;
    blocks: { id: string; type: string; props: Record<string, unknown> }[];
  };

describe('stored documents, read under today’s schema', () => {
  it('reads a valid document as it is', () => {
    const doc = stored();
    expect(readStoredDocument(JSON.stringify(doc)).blocks.map((b) => b.id)).toEqual(
      doc.blocks.map((b) => b.id),
    );
  });

  it('leaves out a block a tightened schema refuses, and says which, instead of failing the page', () => {
    const doc = stored();
    // Written when headlines could be longer than they may be now.
    doc.blocks[0]!.props.headline = 'x'.repeat(5_000);
    const dropped: number[] = [];
    const read = readStoredDocument(JSON.stringify(doc), (i) => dropped.push(i));
    expect(dropped).toEqual([0]);
    expect(read.blocks.map((b) => b.id)).toEqual(doc.blocks.slice(1).map((b) => b.id));
  });

  it('still refuses a document damaged outside its blocks', () => {
    expect(() => readStoredDocument(JSON.stringify({ ...stored(), seo: 42 }), () => {})).toThrow();
  });
});

describe('document migrations', () => {
  const renameHeadline: DocumentMigration = {
    to: 2,
    why: 'hero headline renamed title',
    migrate: (doc) => ({
      ...doc,
      blocks: (doc.blocks as { type: string; props: Record<string, unknown> }[]).map((b) =>
        b.type === 'hero' ? { ...b, props: { ...b.props, title: b.props.headline } } : b,
      ),
    }),
  };
  const addFlag: DocumentMigration = {
    to: 3,
    why: 'every document gains a flag',
    migrate: (doc) => ({ ...doc, flag: true }),
  };

  it('lifts an old document through every migration above its version, in order', () => {
    const up = upgradeDocument(stored(), [addFlag, renameHeadline]) as ReturnType<typeof stored> & {
      flag: boolean;
    };
    expect(up.version).toBe(3);
    expect(up.flag).toBe(true);
    expect(up.blocks[0]!.props.title).toBe(stored().blocks[0]!.props.headline);
  });

  it('leaves a document already at a migration’s version alone, and never changes its input', () => {
    const doc = { ...stored(), version: 2 };
    const before = JSON.stringify(doc);
    const up = upgradeDocument(doc, [renameHeadline, addFlag]) as {
      version: number;
      blocks: { props: object }[];
    };
    expect(up.version).toBe(3);
    expect(up.blocks[0]!.props).not.toHaveProperty('title');
    expect(JSON.stringify(doc)).toBe(before);
  });
});
