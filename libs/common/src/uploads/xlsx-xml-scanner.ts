import { EXCEL_MAX_COLUMNS, UnreadableArchiveError, UploadLimitError, XlsxLimits } from './upload-limits';

/** How a part is checked: shared strings and worksheets are counted; every XML part has bounded tags and text. */
export type XlsxPartKind = 'sharedStrings' | 'worksheet' | 'xml';

const enum S {
  Text,
  Entity,
  TagStart,
  Tag,
  Bang,
  Comment,
  CData,
  Pi,
}

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SEMI = 0x3b;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const DASH = 0x2d;
const RSQB = 0x5d;
const DQ = 0x22;
const SQ = 0x27;
const COLON = 0x3a;
const EQ = 0x3d;

const isSpace = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
const COMMENT_OPEN = '--';
const CDATA_OPEN = '[CDATA[';

/**
 * A byte-level scanner over one XML part of a workbook, fed chunk by chunk as the part inflates, that throws as soon
 * as a limit is passed: in xl/sharedStrings.xml the number of `<si>` and their characters; in a worksheet its rows,
 * the column of every cell with content, the characters of each cell; everywhere the length of tags, comments and
 * text runs, and no DOCTYPE. It counts; it does not build anything, so its memory is one tag buffer.
 *
 * Characters are UTF-16 code units as JavaScript and Excel count them (an entity counts as one). Element names are
 * matched without their prefix, so a prefixed part is counted like a plain one (stricter than the reader).
 */
export class XlsxXmlScanner {
  /** `<row>` elements seen (worksheets). */
  rows = 0;
  /** `<si>` elements seen (shared strings). */
  sharedStrings = 0;
  /** Characters inside `<si>` elements (shared strings). */
  sharedStringChars = 0;

  private state = S.Text;
  private readonly tag: Buffer;
  private tagLength = 0;
  private quote = 0;
  private markup = 0;
  private prev1 = 0;
  private prev2 = 0;
  private run = 0;
  private cell = 0;
  private inCell = false;
  private inFormula = false;
  private rowCells = 0;
  private lastColumn = 0;
  private columnDefinitions = 0;

  constructor(
    private readonly kind: XlsxPartKind,
    private readonly part: string,
    private readonly limits: XlsxLimits,
  ) {
    this.tag = Buffer.alloc(limits.maxTagBytes);
  }

  write(chunk: Uint8Array): void {
    const maxTag = this.limits.maxTagBytes;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      switch (this.state) {
        case S.Text:
          if (b === LT) {
            this.run = 0;
            this.state = S.TagStart;
          } else if (b === AMP) {
            this.text(1);
            this.state = S.Entity;
          } else if ((b & 0xc0) !== 0x80) {
            this.text(b >= 0xf0 ? 2 : 1); // a lead byte; 4-byte sequences are two UTF-16 units
          }
          break;
        case S.Entity:
          if (b === SEMI) this.state = S.Text;
          else if (b === LT) {
            this.state = S.Text; // malformed: let Text see the '<'
            i--;
          }
          break;
        case S.TagStart:
          this.tagLength = 0;
          this.quote = 0;
          this.markup = 0;
          this.prev1 = this.prev2 = 0;
          if (b === BANG) this.state = S.Bang;
          else if (b === QUESTION) this.state = S.Pi;
          else {
            this.state = S.Tag;
            i--; // the first byte of the name
          }
          break;
        case S.Tag:
          if (this.quote !== 0) {
            if (b === this.quote) this.quote = 0;
          } else if (b === GT) {
            this.closeTag();
            this.state = S.Text;
            break;
          } else if (b === DQ || b === SQ) {
            this.quote = b;
          }
          if (this.tagLength >= maxTag) throw new UploadLimitError('maxTagBytes', maxTag, this.part);
          this.tag[this.tagLength++] = b;
          break;
        case S.Bang: {
          // "<!--" opens a comment, "<![CDATA[" a CDATA section; anything else (DOCTYPE, ENTITY) is refused.
          const at = this.tagLength++;
          this.tag[at] = b;
          const opening = this.tag[0] === DASH ? COMMENT_OPEN : CDATA_OPEN;
          if (b !== opening.charCodeAt(at)) throw new UnreadableArchiveError('dtd', this.part);
          if (this.tagLength === opening.length) this.state = opening === COMMENT_OPEN ? S.Comment : S.CData;
          break;
        }
        case S.Comment:
        case S.Pi:
          if (++this.markup > maxTag) throw new UploadLimitError('maxTagBytes', maxTag, this.part);
          if (
            b === GT &&
            (this.state === S.Pi ? this.prev1 === QUESTION : this.prev1 === DASH && this.prev2 === DASH)
          ) {
            this.state = S.Text;
          }
          this.prev2 = this.prev1;
          this.prev1 = b;
          break;
        case S.CData:
          if (b === GT && this.prev1 === RSQB && this.prev2 === RSQB) this.state = S.Text;
          else if ((b & 0xc0) !== 0x80) this.text(b >= 0xf0 ? 2 : 1);
          this.prev2 = this.prev1;
          this.prev1 = b;
          break;
      }
    }
  }

  private text(units: number): void {
    const max = this.limits.maxCellChars;
    if ((this.run += units) > max) throw new UploadLimitError('maxCellChars', max, this.part);
    if (!this.inCell || this.inFormula) return;
    if ((this.cell += units) > max) throw new UploadLimitError('maxCellChars', max, this.part);
    if (this.kind === 'sharedStrings' && (this.sharedStringChars += units) > this.limits.maxSharedStringChars) {
      throw new UploadLimitError('maxSharedStringChars', this.limits.maxSharedStringChars, this.part);
    }
  }

  /** A complete tag is in `tag[0, tagLength)` (without its angle brackets). */
  private closeTag(): void {
    if (this.kind === 'xml') return;
    const tag = this.tag;
    const length = this.tagLength;
    const closing = length > 0 && tag[0] === SLASH;
    const selfClosing = length > 0 && tag[length - 1] === SLASH;
    let nameEnd = closing ? 1 : 0;
    let local = nameEnd;
    while (nameEnd < length && !isSpace(tag[nameEnd]) && tag[nameEnd] !== SLASH) {
      if (tag[nameEnd] === COLON) local = nameEnd + 1;
      nameEnd++;
    }
    const name = this.nameOf(local, nameEnd);
    if (this.kind === 'sharedStrings') {
      if (name !== 'si') return;
      if (closing) {
        this.inCell = false;
      } else {
        if (++this.sharedStrings > this.limits.maxSharedStrings) {
          throw new UploadLimitError('maxSharedStrings', this.limits.maxSharedStrings, this.part);
        }
        this.inCell = !selfClosing;
        this.cell = 0;
      }
      return;
    }
    switch (name) {
      case 'row':
        if (closing) return;
        if (++this.rows > this.limits.maxRows) throw new UploadLimitError('maxRows', this.limits.maxRows, this.part);
        this.rowCells = 0;
        this.lastColumn = 0;
        return;
      case 'c': {
        if (closing) {
          this.inCell = this.inFormula = false;
          return;
        }
        const ref = this.attribute(nameEnd, 'r');
        const column = (ref && this.columnOf(ref)) || this.lastColumn + 1;
        if (column > EXCEL_MAX_COLUMNS) throw new UnreadableArchiveError('damaged', this.part);
        this.lastColumn = column;
        if (selfClosing) return; // an empty (styled) cell
        const max = this.limits.maxColumns;
        if (column > max || ++this.rowCells > max) throw new UploadLimitError('maxColumns', max, this.part);
        this.inCell = true;
        this.inFormula = false;
        this.cell = 0;
        return;
      }
      case 'f':
        this.inFormula = !closing && !selfClosing;
        return;
      case 'col': {
        // exceljs makes one object per column of every <col min max> range: Excel's grid bounds them.
        if (closing) return;
        const range = this.attribute(nameEnd, 'max');
        const max = range ? this.numberOf(range) : 0;
        if (++this.columnDefinitions > EXCEL_MAX_COLUMNS || !(max <= EXCEL_MAX_COLUMNS)) {
          throw new UnreadableArchiveError('damaged', this.part);
        }
        return;
      }
      default:
        return; // every other element only has its tag and text bounded
    }
  }

  /** The element names the scanner acts on; null for any other. */
  private nameOf(from: number, to: number): 'si' | 'row' | 'c' | 'f' | 'col' | null {
    const t = this.tag;
    switch (to - from) {
      case 1:
        return t[from] === 0x63 ? 'c' : t[from] === 0x66 ? 'f' : null;
      case 2:
        return t[from] === 0x73 && t[from + 1] === 0x69 ? 'si' : null;
      case 3:
        if (t[from] === 0x72 && t[from + 1] === 0x6f && t[from + 2] === 0x77) return 'row';
        return t[from] === 0x63 && t[from + 1] === 0x6f && t[from + 2] === 0x6c ? 'col' : null;
      default:
        return null;
    }
  }

  /** Where the value of an unprefixed attribute of the current tag lies (`[start, end)`), or null. */
  private attribute(from: number, wanted: string): [number, number] | null {
    const t = this.tag;
    const end = this.tagLength;
    let i = from;
    while (i < end) {
      while (i < end && (isSpace(t[i]) || t[i] === SLASH)) i++;
      const nameStart = i;
      while (i < end && t[i] !== EQ && !isSpace(t[i])) i++;
      const nameEnd = i;
      while (i < end && isSpace(t[i])) i++;
      if (i >= end || t[i] !== EQ) return null; // malformed: the reader will say so
      i++;
      while (i < end && isSpace(t[i])) i++;
      const quote = t[i];
      if (quote !== DQ && quote !== SQ) return null;
      const valueStart = ++i;
      while (i < end && t[i] !== quote) i++;
      if (nameEnd - nameStart === wanted.length && this.equals(nameStart, wanted)) return [valueStart, i];
      i++;
    }
    return null;
  }

  private equals(at: number, word: string): boolean {
    for (let k = 0; k < word.length; k++) if (this.tag[at + k] !== word.charCodeAt(k)) return false;
    return true;
  }

  /** The column number of the cell reference in `[start, end)` ("AB12" → 28); 0 without letters; capped past XFD. */
  private columnOf([start, end]: [number, number]): number {
    let column = 0;
    for (let i = start; i < end; i++) {
      const c = this.tag[i] & ~0x20; // upper case
      if (c < 0x41 || c > 0x5a) break;
      column = Math.min(column * 26 + (c - 0x40), EXCEL_MAX_COLUMNS + 1);
    }
    return column;
  }

  /** A decimal attribute value; NaN when it is not one. */
  private numberOf([start, end]: [number, number]): number {
    let value = 0;
    if (start === end) return NaN;
    for (let i = start; i < end; i++) {
      const d = this.tag[i] - 0x30;
      if (d < 0 || d > 9) return NaN;
      value = Math.min(value * 10 + d, Number.MAX_SAFE_INTEGER);
    }
    return value;
  }
}
