import sanitizeHtml from 'sanitize-html';

/**
 * The formatting a marketer may use in rich text. Everything else is removed, not escaped:
 * no scripts, styles, event handlers, iframes or forms; links only to web, mail and phone
 * addresses, opened safely when they leave the page.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    'a',
    'ul',
    'ol',
    'li',
    'h3',
    'h4',
    'blockquote',
  ],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['https', 'http', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: /^https?:/i.test(attribs.href ?? '')
        ? { ...attribs, rel: 'noopener noreferrer nofollow' }
        : attribs,
    }),
  },
};

export const RICH_TEXT_HELP =
  'Select words and use the buttons for bold, italic, links, lists and small headings. Pasted text arrives plain; other formatting is removed when saved.';

export const sanitizeRichText = (html: string): string => sanitizeHtml(html, OPTIONS).trim();
