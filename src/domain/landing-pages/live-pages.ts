import type { Db } from '../../../db/client';
import { setBounded } from '../../shared/bounded-map';
import { legalLinks, withLegalLinks, type LegalLinks } from '../workspaces/legal';
import { workspaceSettingsSchema, type TrackingMode } from '../workspaces/settings';
import type { PageDocument } from './document';
import { validateSlug } from './slug';
import { readStoredDocument } from './stored-document';

export type PublishedPage = {
  /** How the workspace tracks visitors on its pages (see workspace settings). */
  tracking: TrackingMode;
  pageId: string;
  workspaceId: string;
  versionId: string;
  slug: string;
  /** The live version's document, its `/privacy` and `/terms` links pointed where they lead. */
  document: PageDocument;
  /** Where those links lead (the workspace's setting): part of what a render depends on. */
  legal: LegalLinks;
  /** The test running on the page, if any: who sees which version. */
  experiment: LiveExperiment | null;
  /** The variant this is (a page under test, as one visitor sees it); null otherwise. */
  variantId: string | null;
};

/** A running test as the page's visitors meet it: each variant ready to serve. */
export type LiveExperiment = {
  id: string;
  windowDays: number;
  shares: number[];
  /** In key order, A first: each the page as that variant's visitors see it. */
  variants: { id: string; key: string; page: PublishedPage }[];
};

/*
 * A published version never changes, so its parsed document is kept by its id: a page view
 * or submission then costs one small indexed read and no JSON parsing or validation. The
 * one cache kept at module level: it holds only what an id names forever, so every copy of
 * it (each instance, each module graph) is right whatever the others hold.
 */
const versionDocuments = new Map<string, PageDocument>();
const VERSION_CACHE_SIZE = 500;

export async function versionDocument(db: Db, versionId: string): Promise<PageDocument> {
  const cached = versionDocuments.get(versionId);
  if (cached) return cached;
  const row = await db
    .selectFrom('page_versions')
    .select('document_json')
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow();
  return setBounded(
    versionDocuments,
    versionId,
    readStoredDocument(row.document_json),
    VERSION_CACHE_SIZE,
  );
}

/** The live version of the page at /p/<slug>, read now; null when unknown or unpublished. */
export async function lookUpPublishedPage(db: Db, slug: string): Promise<PublishedPage | null> {
  if (!validateSlug(slug).ok) return null;
  const row = await db
    .selectFrom('pages as p')
    .innerJoin('workspaces as w', 'w.id', 'p.workspace_id')
    .select(['p.id', 'p.workspace_id', 'p.slug', 'p.published_version_id', 'w.settings_json'])
    .where('p.slug', '=', slug)
    .where('p.variant_of', 'is', null)
    .executeTakeFirst();
  if (!row?.published_version_id) return null;
  const settings = workspaceSettingsSchema.parse(JSON.parse(row.settings_json));
  const legal = legalLinks(settings, row.slug);
  const page: PublishedPage = {
    pageId: row.id,
    workspaceId: row.workspace_id,
    versionId: row.published_version_id,
    slug: row.slug,
    document: withLegalLinks(await versionDocument(db, row.published_version_id), legal),
    legal,
    tracking: settings.trackingConsent,
    experiment: null,
    variantId: null,
  };
  return { ...page, experiment: await liveExperiment(db, page) };
}

/**
 * The test running on a page, each variant's live version loaded: served from memory like
 * the page itself. A variant taken offline meanwhile shows A's version.
 */
async function liveExperiment(db: Db, page: PublishedPage): Promise<LiveExperiment | null> {
  const rows = await db
    .selectFrom('experiments as e')
    .innerJoin('experiment_variants as v', 'v.experiment_id', 'e.id')
    .innerJoin('pages as vp', 'vp.id', 'v.page_id')
    .select(['e.id', 'e.window_days', 'v.id as variant_id', 'v.key', 'v.share'])
    .select('vp.published_version_id')
    .where('e.page_id', '=', page.pageId)
    .where('e.state', '=', 'running')
    .orderBy('v.key')
    .execute();
  if (rows.length < 2) return null;
  const variants = [];
  for (const row of rows) {
    const versionId = row.key === 'A' ? page.versionId : row.published_version_id;
    const document = versionId
      ? withLegalLinks(await versionDocument(db, versionId), page.legal)
      : page.document;
    variants.push({
      id: row.variant_id,
      key: row.key,
      page: { ...page, versionId: versionId ?? page.versionId, document, variantId: row.variant_id },
    });
  }
  return {
    id: rows[0]!.id,
    windowDays: rows[0]!.window_days,
    shares: rows.map((r) => r.share),
    variants,
  };
}

/**
 * What is live at each slug, remembered for a second: page views and submissions then cost
 * no query. A change made through this instance forgets the slug at once; one made through
 * another instance is seen when the second is up.
 */
export class LivePages {
  private memo = new Map<string, { at: number; page: PublishedPage | null }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 1_000,
  ) {}

  /** What is live at the slug if it was looked up within the second (undefined: ask `find`). */
  peek(slug: string, now: number): PublishedPage | null | undefined {
    const hit = this.memo.get(slug);
    return hit && now - hit.at < this.ttlMs ? hit.page : undefined;
  }

  async find(slug: string, now: number): Promise<PublishedPage | null> {
    const known = this.peek(slug, now);
    if (known !== undefined) return known;
    const page = await lookUpPublishedPage(this.db, slug);
    setBounded(this.memo, slug, { at: now, page }, 10_000);
    return page;
  }

  /** Forgets one address (published, unpublished or renamed), or every one (settings). */
  forget(slug?: string): void {
    if (slug === undefined) this.memo.clear();
    else this.memo.delete(slug);
  }
}
