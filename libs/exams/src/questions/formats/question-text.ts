import { cleanLine, INVISIBLE_CHARS } from '@app/common';
import { QuestionFileError } from './question-file-error';

/**
 * Text handling shared by the question formats: the plain-text normal form of question texts, HTML → text (safe:
 * tags dropped, never interpreted), text → HTML for Moodle, fractions as Moodle writes them, and file decoding.
 */

/** Largest question file accepted by the parsers (the upload limit of the caller should be at most this). */
export const MAX_QUESTION_FILE_BYTES = 20 * 1024 * 1024;

// Control characters other than tab, line feed and carriage return: removed from imported text.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * The normal form of every multi-line text of a question (stem, option, feedback, explanation): NFC, invisible and
 * control characters removed, each line's whitespace runs as one space and trimmed, at most one empty line in a
 * row, trimmed. Idempotent; the formats write texts in this form and read them back to the same string.
 */
export function questionText(raw: string): string {
  const text = raw.normalize('NFC').replace(INVISIBLE_CHARS, '').replace(CONTROL_CHARS_ALL, '');
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => cleanLine(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The normal form of one-line texts (names, categories, accepted short answers). */
export const oneLine = (raw: string): string => cleanLine(raw.replace(CONTROL_CHARS_ALL, ' '));

/** questionText, or null when empty (feedback, explanation). */
export const optionalText = (raw: string | null | undefined): string | null => {
  const text = raw == null ? '' : questionText(raw);
  return text === '' ? null : text;
};

const NAME_FROM_STEM_LENGTH = 100;

/** A name for a question that has none (GIFT without ::name::, an empty CSV cell): the stem's start, like Moodle. */
export function nameFromStem(stem: string): string {
  const line = oneLine(stem);
  if (line.length <= NAME_FROM_STEM_LENGTH) return line;
  const cut = line.slice(0, NAME_FROM_STEM_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > NAME_FROM_STEM_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

// ---------------------------------------------------------------------------------------------------------------
// Fractions. Moodle writes grades as percentages with at most 5 decimals ("33.33333", "-50"); we keep fractions
// rounded to 7 decimals, so 1/3 is 0.3333333 both ways and a round trip gives the same number.

/** A fraction rounded to 7 decimals (Moodle's precision), -0 as 0. */
export const roundFraction = (value: number): number => Math.round(value * 1e7) / 1e7 || 0;

/** "100", "33.33333", "-50": a fraction as the percentage Moodle writes. */
export const percentOf = (fraction: number): string => String(Math.round(fraction * 1e7) / 1e5 || 0);

const PERCENT = /^[+-]?\d{1,3}(?:\.\d+)?$/;

/** A percentage as written in a file ("33.33333", "-100") → fraction; null when it is not a number in ±100. */
export function fractionOfPercent(text: string): number | null {
  const trimmed = text.trim();
  if (!PERCENT.test(trimmed)) return null;
  const value = Number(trimmed);
  return value < -100 || value > 100 ? null : roundFraction(value / 100);
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding.

/** UTF-8 text of an uploaded file, without its byte-order mark; a file that is not UTF-8 is refused with its line. */
export function decodeUtf8(input: Buffer | string): string {
  if (input.length > MAX_QUESTION_FILE_BYTES) {
    const mb = MAX_QUESTION_FILE_BYTES / 1024 / 1024;
    throw new QuestionFileError('too_large', null, `the file is larger than ${mb} MB`, `tệp lớn hơn ${mb} MB`);
  }
  const text = typeof input === 'string' ? input : decodeBuffer(input);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function decodeBuffer(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const at = lenient.indexOf('\uFFFD');
    throw new QuestionFileError(
      'encoding',
      at < 0 ? null : lineOf(lenient, at),
      'the file is not UTF-8 text (save it as UTF-8)',
      'tệp không phải văn bản UTF-8 (hãy lưu lại với bảng mã UTF-8)',
    );
  }
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

// ---------------------------------------------------------------------------------------------------------------
// HTML → text. Question texts from Moodle are HTML fragments; Mộc keeps plain text. The conversion never builds
// markup: tags are dropped (script/style with their content), block ends become line breaks, entities are decoded,
// and what is left is normalised with questionText. Media (<img>, <audio>…) and @@PLUGINFILE@@ links are reported.

export interface TextWithMedia {
  text: string;
  /** Files or URLs the text showed or linked to that the plain text cannot carry (images, @@PLUGINFILE@@ files). */
  media: string[];
}

const PARAGRAPH_TAGS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'table',
  'ul',
  'ol',
  'dl',
  'figure',
  'hr',
  'section',
  'article',
  'header',
  'footer',
  'address',
]);
const LINE_TAGS = new Set(['div', 'tr', 'dt', 'dd', 'caption', 'figcaption', 'li']);
const SKIPPED_TAGS = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'textarea', 'select']);
const MEDIA_TAGS = new Set(['img', 'audio', 'video', 'source', 'track', 'object', 'embed', 'iframe', 'image', 'svg']);
const PLUGINFILE = /@@PLUGINFILE@@\/([^"'\s<>?#]*)/g;

// A tag, a comment, a CDATA section or a declaration; a "<" that starts none of them is text ("a < b"). No part of a
// tag may contain "<", so a failed match stops at the next "<" and the scan stays linear ("<a<a<a…" is not quadratic).
const HTML_TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[!?][^>]*>?|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^<>"']|"[^"<]*"|'[^'<]*')*)>/g;
const SRC_ATTRIBUTE = /\s(?:src|data|href|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/** Plain text of an HTML fragment (Moodle's "html" format), with the media it referred to. */
export function htmlToText(html: string): TextWithMedia {
  const media = pluginFiles(html);
  const out: string[] = [];
  let pre = 0;
  let last = 0;
  let skipUntil: string | null = null;
  HTML_TOKEN.lastIndex = 0;
  for (let m = HTML_TOKEN.exec(html); m !== null; m = HTML_TOKEN.exec(html)) {
    if (skipUntil === null) out.push(textRun(html.slice(last, m.index), pre > 0));
    last = HTML_TOKEN.lastIndex;
    const name = m[2]?.toLowerCase();
    if (name === undefined) continue; // comment, CDATA, declaration
    const closing = m[1] === '/';
    if (skipUntil !== null) {
      if (closing && name === skipUntil) skipUntil = null;
      continue;
    }
    if (SKIPPED_TAGS.has(name)) {
      if (!closing && !m[3].trimEnd().endsWith('/')) skipUntil = name;
      continue;
    }
    if (MEDIA_TAGS.has(name) && !closing) media.push(...mediaSources(name, m[3]));
    if (name === 'br') out.push('\n');
    else if (name === 'pre') pre = Math.max(0, pre + (closing ? -1 : 1));
    if (PARAGRAPH_TAGS.has(name)) out.push('\n\n');
    else if (name === 'li') out.push(closing ? '' : '\n- ');
    else if (LINE_TAGS.has(name) && !endsWithBreak(out)) out.push('\n');
    else if ((name === 'td' || name === 'th') && closing) out.push(' ');
  }
  if (skipUntil === null) out.push(textRun(html.slice(last), pre > 0));
  return { text: questionText(out.join('')), media: unique(media) };
}

/** Moodle's "moodle_auto_format": HTML in which a line break is a line break. */
export const moodleAutoToText = (text: string): TextWithMedia => htmlToText(text.replace(/\r\n?|\n/g, '<br>'));

/** Plain text ("plain_text", "markdown"): kept as written; only @@PLUGINFILE@@ references are reported. */
export const plainToText = (text: string): TextWithMedia => ({
  text: questionText(text),
  media: unique(pluginFiles(text)),
});

/** True when the text so far ends a line (so that </div><div> is one line break, not two). */
function endsWithBreak(out: string[]): boolean {
  for (let i = out.length - 1; i >= 0; i--) {
    const trimmed = out[i].replace(/ +$/, '');
    if (trimmed !== '') return trimmed.endsWith('\n');
  }
  return true;
}

function textRun(raw: string, preformatted: boolean): string {
  const text = preformatted ? raw : raw.replace(/[ \t\r\n\f]+/g, ' ');
  return decodeHtmlEntities(text);
}

function pluginFiles(text: string): string[] {
  return [...text.matchAll(PLUGINFILE)].map((m) => safeDecodeUri(m[1]) || '@@PLUGINFILE@@');
}

function mediaSources(tag: string, attributes: string): string[] {
  const sources = [...attributes.matchAll(SRC_ATTRIBUTE)]
    .map((m) => decodeHtmlEntities(m[1] ?? m[2] ?? m[3] ?? '').trim())
    .filter((src) => src !== '' && !src.includes('@@PLUGINFILE@@')) // those are reported by pluginFiles
    .map((src) => (src.startsWith('data:') ? `<${tag}> data: URL` : src.length > 120 ? `${src.slice(0, 117)}…` : src));
  return sources.length > 0 || /@@PLUGINFILE@@/.test(attributes) ? sources : [`<${tag}>`];
}

const safeDecodeUri = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

const unique = (values: string[]): string[] => [...new Set(values)];

// Named character references: the XML five, the HTML 4 Latin-1 and typographic set (what editors write), and the
// HTML 5 names of the Vietnamese letters outside Latin-1. Unknown names are left as written.
// prettier-ignore
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', iexcl: '¡', cent: '¢', pound: '£', curren: '¤',
  yen: '¥', brvbar: '¦', sect: '§', uml: '¨', copy: '©', ordf: 'ª', laquo: '«', not: '¬', shy: '\u00ad', reg: '®',
  macr: '¯', deg: '°', plusmn: '±', sup2: '²', sup3: '³', acute: '´', micro: 'µ', para: '¶', middot: '·', cedil: '¸',
  sup1: '¹', ordm: 'º', raquo: '»', frac14: '¼', frac12: '½', frac34: '¾', iquest: '¿', Agrave: 'À', Aacute: 'Á',
  Acirc: 'Â', Atilde: 'Ã', Auml: 'Ä', Aring: 'Å', AElig: 'Æ', Ccedil: 'Ç', Egrave: 'È', Eacute: 'É', Ecirc: 'Ê',
  Euml: 'Ë', Igrave: 'Ì', Iacute: 'Í', Icirc: 'Î', Iuml: 'Ï', ETH: 'Ð', Ntilde: 'Ñ', Ograve: 'Ò', Oacute: 'Ó',
  Ocirc: 'Ô', Otilde: 'Õ', Ouml: 'Ö', times: '×', Oslash: 'Ø', Ugrave: 'Ù', Uacute: 'Ú', Ucirc: 'Û', Uuml: 'Ü',
  Yacute: 'Ý', THORN: 'Þ', szlig: 'ß', agrave: 'à', aacute: 'á', acirc: 'â', atilde: 'ã', auml: 'ä', aring: 'å',
  aelig: 'æ', ccedil: 'ç', egrave: 'è', eacute: 'é', ecirc: 'ê', euml: 'ë', igrave: 'ì', iacute: 'í', icirc: 'î',
  iuml: 'ï', eth: 'ð', ntilde: 'ñ', ograve: 'ò', oacute: 'ó', ocirc: 'ô', otilde: 'õ', ouml: 'ö', divide: '÷',
  oslash: 'ø', ugrave: 'ù', uacute: 'ú', ucirc: 'û', uuml: 'ü', yacute: 'ý', thorn: 'þ', yuml: 'ÿ', Abreve: 'Ă',
  abreve: 'ă', Dstrok: 'Đ', dstrok: 'đ', Itilde: 'Ĩ', itilde: 'ĩ', Utilde: 'Ũ', utilde: 'ũ', OElig: 'Œ', oelig: 'œ',
  ensp: ' ', emsp: ' ', thinsp: ' ', zwnj: '\u200c', zwj: '\u200d', ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’',
  sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', dagger: '†', Dagger: '‡', bull: '•', hellip: '…', permil: '‰',
  prime: '′', Prime: '″', lsaquo: '‹', rsaquo: '›', euro: '€', trade: '™', larr: '←', rarr: '→', harr: '↔',
  le: '≤', ge: '≥', ne: '≠', minus: '−',
};

/** Decodes HTML character references; malformed or unknown ones are kept as written (text, never markup). */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35 /* # */) return NAMED_ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(code);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Text → HTML, for Moodle: escaped, paragraphs (blank lines) as <p>, line breaks as <br>. htmlToText reverses it.

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

export function textToHtml(text: string): string {
  if (text === '') return '';
  return text
    .split('\n\n')
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
