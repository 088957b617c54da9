import { QuestionFileError } from './question-file-error';

/**
 * A small, strict XML reader for question files: elements, attributes, text, CDATA, comments and processing
 * instructions, with the line of every element and of every error. Hand-written (no dependency) because it must:
 * - refuse <!DOCTYPE> and so every entity declaration: no external entities, no entity expansion (billion laughs);
 *   only the five predefined entities and character references are decoded;
 * - report the line of a well-formedness error, and give each element its line (for the per-question report);
 * - stay bounded: nesting depth and element count are capped, nothing recurses.
 * Namespaces are not interpreted (Moodle XML has none): "a:b" is just a name.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  line: number;
}
export type XmlNode = XmlElement | string;

export interface XmlLimits {
  maxDepth: number;
  maxElements: number;
}

const DEFAULT_LIMITS: XmlLimits = { maxDepth: 64, maxElements: 1_000_000 };

// Characters XML 1.0 does not allow anywhere (documents or references).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const NAME = /[A-Za-z_:\u00C0-\uFFFD][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFD]*/y;
const SPACE = /[ \t\r\n]*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses a whole document; throws QuestionFileError (kind not_well_formed or doctype) with the line. */
export function readXml(text: string, limits: XmlLimits = DEFAULT_LIMITS): XmlElement {
  return new XmlReader(text, limits).read();
}

class XmlReader {
  private pos = 0;
  private lineCountedTo = 0;
  private line = 1;
  private elements = 0;
  private readonly stack: XmlElement[] = [];
  private root: XmlElement | null = null;

  constructor(
    private readonly text: string,
    private readonly limits: XmlLimits,
  ) {}

  read(): XmlElement {
    const { text } = this;
    const bad = FORBIDDEN_CHARS.exec(text);
    if (bad) {
      const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      this.fail(
        bad.index,
        `the control character ${code} is not allowed in XML`,
        `ký tự điều khiển ${code} không được phép trong XML`,
      );
    }
    if (text.startsWith('<?xml') && /^<\?xml[\s?]/.test(text)) this.declaration();
    while (this.pos < text.length) {
      const lt = text.indexOf('<', this.pos);
      if (lt === -1) {
        this.characters(this.pos, text.length);
        break;
      }
      if (lt > this.pos) this.characters(this.pos, lt);
      this.pos = lt;
      if (text.startsWith('<!--', lt)) this.skipPast('-->', 4, 'a comment', 'chú thích');
      else if (text.startsWith('<![CDATA[', lt)) this.cdata();
      else if (text.startsWith('<!', lt)) this.refuseDeclaration();
      else if (text.startsWith('<?', lt)) this.processingInstruction();
      else if (text.startsWith('</', lt)) this.endTag();
      else this.startTag();
    }
    const open = this.stack[this.stack.length - 1];
    if (open) {
      this.fail(
        text.length,
        `the element <${open.name}> opened on line ${open.line} is not closed`,
        `thẻ <${open.name}> mở ở dòng ${open.line} chưa được đóng`,
      );
    }
    if (!this.root) this.fail(text.length, 'the file has no XML element', 'tệp không có phần tử XML nào');
    return this.root;
  }

  private declaration(): void {
    const end = this.text.indexOf('?>');
    if (end === -1) this.fail(0, 'the XML declaration is not closed with ?>', 'khai báo XML chưa được đóng bằng ?>');
    const encoding = /\sencoding\s*=\s*["']([^"']*)["']/.exec(this.text.slice(0, end))?.[1];
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
      throw new QuestionFileError(
        'encoding',
        1,
        `the file declares the encoding ${encoding}; only UTF-8 is read`,
        `tệp khai báo bảng mã ${encoding}; chỉ đọc được UTF-8`,
      );
    }
    this.pos = end + 2;
  }

  private refuseDeclaration(): never {
    const what = /^<!([A-Za-z]*)/.exec(this.text.slice(this.pos, this.pos + 12))?.[1] ?? '';
    throw new QuestionFileError(
      'doctype',
      this.lineAt(this.pos),
      `<!${what}> is not accepted: question files may not declare a DTD or entities`,
      `không chấp nhận <!${what}>: tệp câu hỏi không được khai báo DTD hay thực thể (entity)`,
    );
  }

  private processingInstruction(): void {
    if (/^<\?xml[\s?]/i.test(this.text.slice(this.pos, this.pos + 6))) {
      this.fail(
        this.pos,
        'the XML declaration must be at the very start of the file',
        'khai báo XML phải ở ngay đầu tệp',
      );
    }
    this.skipPast('?>', 2, 'a processing instruction', 'chỉ thị xử lý');
  }

  private skipPast(end: string, from: number, what: string, whatVi: string): void {
    const at = this.text.indexOf(end, this.pos + from);
    if (at === -1) this.fail(this.pos, `${what} is not closed with ${end}`, `${whatVi} chưa được đóng bằng ${end}`);
    this.pos = at + end.length;
  }

  private cdata(): void {
    const start = this.pos;
    const at = this.text.indexOf(']]>', start + 9);
    if (at === -1) this.fail(start, 'a CDATA section is not closed with ]]>', 'đoạn CDATA chưa được đóng bằng ]]>');
    if (this.stack.length === 0) this.fail(start, 'text outside the root element', 'có văn bản nằm ngoài phần tử gốc');
    this.append(this.text.slice(start + 9, at));
    this.pos = at + 3;
  }

  private characters(start: number, end: number): void {
    const raw = this.text.slice(start, end);
    if (this.stack.length === 0) {
      if (/^[ \t\r\n]*$/.test(raw)) return;
      this.fail(start + raw.search(/[^ \t\r\n]/), 'text outside the root element', 'có văn bản nằm ngoài phần tử gốc');
    }
    const close = raw.indexOf(']]>');
    if (close !== -1) this.fail(start + close, '"]]>" is not allowed in text', 'không được có "]]>" trong văn bản');
    this.append(this.decode(raw, start));
  }

  private append(value: string): void {
    if (value === '') return;
    const children = this.stack[this.stack.length - 1].children;
    const last = children.length - 1;
    if (last >= 0 && typeof children[last] === 'string') children[last] = children[last] + value;
    else children.push(value);
  }

  private startTag(): void {
    const start = this.pos;
    this.pos++;
    const name = this.name('a tag name', 'tên thẻ');
    const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
    for (;;) {
      const before = this.pos;
      this.space();
      const c = this.text[this.pos];
      if (c === '>' || c === '/') break;
      if (c === undefined) {
        this.fail(start, `the tag <${name}> is not closed with >`, `thẻ <${name}> chưa được đóng bằng >`);
      }
      if (this.pos === before) {
        this.fail(
          this.pos,
          `a space is missing before an attribute of <${name}>`,
          `thiếu dấu cách trước thuộc tính của thẻ <${name}>`,
        );
      }
      const attribute = this.name('an attribute name', 'tên thuộc tính');
      this.space();
      if (this.text[this.pos] !== '=') {
        this.fail(this.pos, `the attribute ${attribute} has no value`, `thuộc tính ${attribute} không có giá trị`);
      }
      this.pos++;
      this.space();
      const quote = this.text[this.pos];
      if (quote !== '"' && quote !== "'") {
        this.fail(
          this.pos,
          `the value of ${attribute} is not in quotes`,
          `giá trị của ${attribute} không nằm trong dấu ngoặc kép`,
        );
      }
      const end = this.text.indexOf(quote, this.pos + 1);
      if (end === -1) {
        this.fail(this.pos, `the value of ${attribute} is not closed`, `giá trị của ${attribute} chưa được đóng`);
      }
      const raw = this.text.slice(this.pos + 1, end);
      const lt = raw.indexOf('<');
      if (lt !== -1) {
        this.fail(
          this.pos + 1 + lt,
          `"<" is not allowed in the value of ${attribute}`,
          `không được có "<" trong giá trị của ${attribute}`,
        );
      }
      if (attribute in attributes) {
        this.fail(this.pos, `the attribute ${attribute} is repeated`, `thuộc tính ${attribute} bị lặp lại`);
      }
      attributes[attribute] = this.decode(raw, this.pos + 1).replace(/[\t\r\n]/g, ' ');
      this.pos = end + 1;
    }
    const selfClosing = this.text[this.pos] === '/';
    if (selfClosing && this.text[this.pos + 1] !== '>') {
      this.fail(this.pos, `"/" must be followed by ">" in <${name}>`, `sau "/" phải là ">" trong thẻ <${name}>`);
    }
    this.pos += selfClosing ? 2 : 1;
    if (this.stack.length === 0 && this.root) {
      this.fail(
        start,
        `a second root element <${name}> after </${this.root.name}>`,
        `phần tử gốc thứ hai <${name}> sau </${this.root.name}>`,
      );
    }
    if (++this.elements > this.limits.maxElements) {
      this.fail(start, `more than ${this.limits.maxElements} elements`, `hơn ${this.limits.maxElements} phần tử`);
    }
    const element: XmlElement = { name, attributes, children: [], line: this.lineAt(start) };
    if (this.stack.length > 0) this.stack[this.stack.length - 1].children.push(element);
    else this.root = element;
    if (selfClosing) return;
    if (this.stack.length >= this.limits.maxDepth) {
      this.fail(
        start,
        `elements are nested more than ${this.limits.maxDepth} deep`,
        `các phần tử lồng nhau quá ${this.limits.maxDepth} mức`,
      );
    }
    this.stack.push(element);
  }

  private endTag(): void {
    const start = this.pos;
    this.pos += 2;
    const name = this.name('a tag name', 'tên thẻ');
    this.space();
    if (this.text[this.pos] !== '>') {
      this.fail(this.pos, `the end tag </${name}> is not closed with >`, `thẻ đóng </${name}> chưa được đóng bằng >`);
    }
    this.pos++;
    const open = this.stack.pop();
    if (!open) this.fail(start, `the end tag </${name}> has no start tag`, `thẻ đóng </${name}> không có thẻ mở`);
    if (open.name !== name) {
      this.fail(
        start,
        `the end tag </${name}> does not match <${open.name}> opened on line ${open.line}`,
        `thẻ đóng </${name}> không khớp với thẻ <${open.name}> mở ở dòng ${open.line}`,
      );
    }
  }

  private name(what: string, whatVi: string): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.text);
    if (!m) this.fail(this.pos, `${what} is expected here`, `cần có ${whatVi} ở đây`);
    this.pos += m[0].length;
    return m[0];
  }

  private space(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.text);
    this.pos = SPACE.lastIndex;
  }

  /** Text or attribute value with its references decoded; `offset` is where it starts (for the line of an error). */
  private decode(raw: string, offset: number): string {
    if (!raw.includes('&')) return raw;
    let out = '';
    let from = 0;
    for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', from)) {
      out += raw.slice(from, amp);
      const semi = raw.indexOf(';', amp);
      const ref = semi === -1 || semi - amp > 12 ? null : raw.slice(amp + 1, semi);
      const value = ref === null ? undefined : ref.startsWith('#') ? charReference(ref) : PREDEFINED[ref];
      if (value === undefined) {
        const shown = ref === null ? '&' : `&${ref};`;
        this.fail(
          offset + amp,
          ref === null || ref === ''
            ? 'a "&" must be written &amp;'
            : `the entity ${shown} is not defined (only &lt; &gt; &amp; &quot; &apos; and &#…; are)`,
          ref === null || ref === ''
            ? 'dấu "&" phải viết là &amp;'
            : `thực thể ${shown} không được định nghĩa (chỉ có &lt; &gt; &amp; &quot; &apos; và &#…;)`,
        );
      }
      out += value;
      from = semi + 1;
    }
    return out + raw.slice(from);
  }

  private lineAt(offset: number): number {
    if (offset < this.lineCountedTo) {
      this.line = 1;
      this.lineCountedTo = 0;
    }
    for (
      let i = this.text.indexOf('\n', this.lineCountedTo);
      i !== -1 && i < offset;
      i = this.text.indexOf('\n', i + 1)
    ) {
      this.line++;
    }
    this.lineCountedTo = offset;
    return this.line;
  }

  private fail(offset: number, reason: string, reasonVi: string): never {
    throw new QuestionFileError(
      'not_well_formed',
      this.lineAt(offset),
      `not well-formed XML: ${reason}`,
      `XML không đúng cú pháp: ${reasonVi}`,
    );
  }
}

function charReference(ref: string): string | undefined {
  const hex = ref[1] === 'x';
  const digits = ref.slice(hex ? 2 : 1);
  if (!(hex ? /^[0-9a-fA-F]{1,6}$/ : /^[0-9]{1,7}$/).test(digits)) return undefined;
  const code = parseInt(digits, hex ? 16 : 10);
  const allowed =
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
  return allowed ? String.fromCodePoint(code) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading helpers.

export const childElements = (element: XmlElement, name?: string): XmlElement[] =>
  element.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name));

export const child = (element: XmlElement | undefined, name: string): XmlElement | undefined =>
  element?.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);

/** The text directly inside an element (its string children), or '' for a missing element. */
export const textOf = (element: XmlElement | undefined): string =>
  element ? element.children.filter((c): c is string => typeof c === 'string').join('') : '';

// ---------------------------------------------------------------------------------------------------------------
// Writing.

export const escapeXml = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

/** A CDATA section holding `text` ("]]>" inside is split across two sections). */
export const cdata = (text: string): string => `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
