import sanitizeHtml from 'sanitize-html';

/** Our own uploaded files, as lesson pages embed them (`/files/<uuid>`): the only images a lesson may show. */
const OWN_FILE = /^\/files\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'code',
    'pre',
    'hr',
    'ul',
    'ol',
    'li',
    'a',
    'blockquote',
    'figure',
    'figcaption',
    'img',
    'table',
    'caption',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    ol: ['start'],
  },
  // Links: web and mail only. Relative URLs are refused too (no scheme = not in the list) except our own images.
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  allowedClasses: {},
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  transformTags: {
    // The page has its own h1: a lesson's headings start at h2.
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }),
  },
  exclusiveFilter: (frame) => {
    if (frame.tag === 'img') return !OWN_FILE.test(frame.attribs.src ?? '');
    // A link whose href was refused stays as its text only.
    if (frame.tag === 'a' && !frame.attribs.href) return 'excludeTag';
    return false;
  },
  nestingLimit: 20,
};

/**
 * The rich-text subset a text lesson may hold: paragraphs, h2–h4, emphasis, lists, links (http, https, mailto;
 * always rel="noopener noreferrer"), quotes, simple tables, and images only from our own `/files/<id>` URLs.
 * Scripts, styles, iframes, forms, event handlers, classes, inline styles and javascript:/data: URLs are removed.
 * Stored already sanitised; pages may call it again on output (it is idempotent).
 */
export function sanitizeLessonHtml(html: string): string {
  return sanitizeHtml(html.normalize('NFC'), OPTIONS).trim();
}
