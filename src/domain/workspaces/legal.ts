import type { PageDocument } from '../landing-pages/document';
import type { WorkspaceSettings } from './settings';

/**
 * A workspace's privacy policy and terms. Templates link to `/privacy` and `/terms`; on a
 * published page those become the owner's own addresses when set, else a legal page Kindling
 * publishes beside the page (`/p/<slug>/privacy`) from the owner's text, or from a plain
 * notice that says what this install really does with what a visitor submits.
 */
export const LEGAL_DOCS = {
  privacy: { title: 'Privacy policy', placeholder: '/privacy' },
  terms: { title: 'Terms of use', placeholder: '/terms' },
} as const;
export type LegalDoc = keyof typeof LEGAL_DOCS;
export const isLegalDoc = (name: string): name is LegalDoc => Object.hasOwn(LEGAL_DOCS, name);

export type LegalLinks = Record<LegalDoc, string>;

/** Where a page's legal links lead: the owner's address, or the page's own legal page. */
export function legalLinks(settings: WorkspaceSettings, slug: string): LegalLinks {
  return {
    privacy: settings.privacyUrl ?? `/p/${slug}/privacy`,
    terms: settings.termsUrl ?? `/p/${slug}/terms`,
  };
}

const PLACEHOLDERS = new Map<string, LegalDoc>(
  (Object.keys(LEGAL_DOCS) as LegalDoc[]).map((doc) => [LEGAL_DOCS[doc].placeholder, doc]),
);

/** A copy of the document with every `/privacy` and `/terms` link pointed where they lead. */
export function withLegalLinks(doc: PageDocument, links: LegalLinks): PageDocument {
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const legal = PLACEHOLDERS.get(value);
      return legal ? links[legal] : value;
    }
    if (Array.isArray(value)) return value.map(visit);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
    return value;
  };
  return visit(doc) as PageDocument;
}

const TRACKING_SENTENCE: Record<WorkspaceSettings['trackingConsent'], string> = {
  none: 'While you read the page we measure, without cookies from anyone else, how long you stay, how far you scroll, which sections you see and where you came from. This first-party measure stays with us.',
  banner:
    'If you accept the small banner on the page, we measure how long you stay, how far you scroll, which sections you see and where you came from. If you do not, nothing is measured.',
  off: 'We do not measure how you use the page: no tracking script runs on it.',
};

/** The owner's text for a legal page, or the plain notice Kindling writes for them. */
export function legalText(
  doc: LegalDoc,
  settings: WorkspaceSettings,
  workspaceName: string,
): string[] {
  const own = doc === 'privacy' ? settings.privacyText : settings.termsText;
  if (own) return own.split(/\n\s*\n/).map((p) => p.trim());
  // The brand kit's legal name and address, when the owner gave them; else the workspace's.
  const who = settings.legalName ?? workspaceName;
  const publisher = settings.address ? `${who} (${settings.address})` : who;
  const reach = settings.contactEmail
    ? `through the form on the page or at ${settings.contactEmail}`
    : 'through the form on the page';
  if (doc === 'terms')
    return [
      `This page is published by ${publisher}. What it says about products, prices and dates is offered in good faith and may change; an offer binds ${who} only once confirmed to you directly.`,
      'Please send only true details about yourself through its forms, and nothing on behalf of someone who has not agreed to it.',
      `Questions about these terms go to ${who}, ${reach}.`,
    ];
  return [
    `${publisher} publishes this page. When you send its form, ${who} keeps what you wrote in it, the time you sent it and the page you came from, to answer your request and to decide how quickly to follow up.`,
    TRACKING_SENTENCE[settings.trackingConsent],
    `Browsers that send Global Privacy Control or Do Not Track are never measured. Detailed measurements are deleted after ${settings.eventRetentionDays} days; your IP address is never stored as such, only as a one-way hash used to stop abuse.`,
    `${who} does not sell what you send. To see, correct or delete it, or to withdraw a consent you gave, contact ${who} ${reach}.`,
  ];
}
