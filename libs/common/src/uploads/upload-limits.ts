import { DomainError } from '../errors/domain-errors';

/**
 * The limits every XLSX (zip of XML parts) reader enforces while it unzips and parses an upload (docs/SECURITY.md):
 * a 1 MB workbook can inflate to gigabytes, and a few bytes of XML can ask a parser for millions of objects.
 * Callers may pass stricter values; the defaults admit a legitimate 200,000-row roster.
 */
export interface XlsxLimits {
  /** Bytes of the upload itself (the compressed file), when it arrives as a stream. */
  maxFileBytes: number;
  /** Bytes of all entries together once inflated. */
  maxUncompressedBytes: number;
  /** Inflated ÷ compressed bytes of one entry, once the entry has inflated past `ratioFloorBytes`. */
  maxCompressionRatio: number;
  /** Below this many inflated bytes an entry's ratio is not judged (small, very regular parts compress well). */
  ratioFloorBytes: number;
  /** Entries in the archive. */
  maxEntries: number;
  /** Inflated bytes of one XML part other than worksheets and shared strings (styles, workbook, relationships). */
  maxPartBytes: number;
  /** Strings (`<si>`) in xl/sharedStrings.xml. */
  maxSharedStrings: number;
  /** Characters of all shared strings together. */
  maxSharedStringChars: number;
  /** Rows (`<row>`) of one worksheet. */
  maxRows: number;
  /** Highest column of a cell with content (and cells with content in one row). */
  maxColumns: number;
  /** Characters of one cell (a shared string, an inline string or a value), and of any one text run. */
  maxCellChars: number;
  /** Bytes of one tag, comment or processing instruction. */
  maxTagBytes: number;
}

/** The limits a file can pass (`ratioFloorBytes` only says where the ratio starts to count). */
export type XlsxLimitName = Exclude<keyof XlsxLimits, 'ratioFloorBytes'>;

export const DEFAULT_XLSX_LIMITS: Readonly<XlsxLimits> = Object.freeze({
  maxFileBytes: 20 * 1024 * 1024,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxCompressionRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 1_000,
  maxPartBytes: 10 * 1024 * 1024,
  maxSharedStrings: 2_000_000,
  maxSharedStringChars: 50_000_000,
  maxRows: 200_000,
  maxColumns: 200,
  maxCellChars: 32_767, // Excel's own limit
  maxTagBytes: 64 * 1024,
});

/** Excel's own grid: columns A…XFD. Column definitions and cell references past it are refused whatever the limits. */
export const EXCEL_MAX_COLUMNS = 16_384;

const n = (value: number): string => value.toLocaleString('en-US');
const nVi = (value: number): string => value.toLocaleString('en-US').replace(/,/g, '.');
const mb = (bytes: number): string => `${Math.round((bytes / 2 ** 20) * 10) / 10} MB`;

interface LimitText {
  status: 400 | 413;
  en: (max: number) => string;
  vi: (max: number) => string;
}

const LIMIT_TEXT: Record<XlsxLimitName, LimitText> = {
  maxFileBytes: {
    status: 413,
    en: (m) => `the file is larger than ${mb(m)}`,
    vi: (m) => `tệp lớn hơn ${mb(m)}`,
  },
  maxUncompressedBytes: {
    status: 413,
    en: (m) => `its content unzips to more than ${mb(m)}`,
    vi: (m) => `nội dung giải nén lớn hơn ${mb(m)}`,
  },
  maxCompressionRatio: {
    status: 413,
    en: (m) => `a part is compressed more than ${m}:1 (a zip bomb)`,
    vi: (m) => `một phần của tệp bị nén hơn ${m}:1 (zip bomb)`,
  },
  maxEntries: {
    status: 413,
    en: (m) => `the archive has more than ${n(m)} entries`,
    vi: (m) => `tệp nén có hơn ${nVi(m)} mục`,
  },
  maxPartBytes: {
    status: 413,
    en: (m) => `a part unzips to more than ${mb(m)}`,
    vi: (m) => `một phần giải nén lớn hơn ${mb(m)}`,
  },
  maxSharedStrings: {
    status: 413,
    en: (m) => `it has more than ${n(m)} shared strings`,
    vi: (m) => `tệp có hơn ${nVi(m)} chuỗi dùng chung (shared strings)`,
  },
  maxSharedStringChars: {
    status: 413,
    en: (m) => `its shared strings hold more than ${n(m)} characters`,
    vi: (m) => `các chuỗi dùng chung có hơn ${nVi(m)} ký tự`,
  },
  maxRows: {
    status: 400,
    en: (m) => `a worksheet has more than ${n(m)} rows`,
    vi: (m) => `một trang tính có hơn ${nVi(m)} dòng`,
  },
  maxColumns: {
    status: 400,
    en: (m) => `a row has content beyond column ${n(m)}`,
    vi: (m) => `một dòng có dữ liệu vượt quá cột thứ ${nVi(m)}`,
  },
  maxCellChars: {
    status: 400,
    en: (m) => `a cell holds more than ${n(m)} characters`,
    vi: (m) => `một ô có hơn ${nVi(m)} ký tự`,
  },
  maxTagBytes: {
    status: 400,
    en: (m) => `a tag of its XML is longer than ${n(m)} bytes`,
    vi: (m) => `một thẻ XML dài hơn ${nVi(m)} byte`,
  },
};

/**
 * An upload passes one of its limits: 413 for sizes (bytes, ratio, entries, shared strings), 400 for structure (rows,
 * columns, cell length, tag length). The message names the limit and its value; `details` carries
 * `{ limit, max, part, messageVi }`.
 */
export class UploadLimitError extends DomainError {
  readonly code = 'UPLOAD_LIMIT_EXCEEDED';
  readonly status: number;
  readonly messageVi: string;
  constructor(
    readonly limit: XlsxLimitName,
    readonly max: number,
    readonly part?: string,
  ) {
    const text = LIMIT_TEXT[limit];
    const where = part ? ` (${part})` : '';
    const message = `The file is refused: ${text.en(max)}${where}; limit ${limit} = ${n(max)}. Split it into smaller files or remove what is not needed.`;
    const messageVi = `Tệp bị từ chối: ${text.vi(max)}${where}; giới hạn ${limit} = ${nVi(max)}. Hãy chia thành các tệp nhỏ hơn hoặc bỏ phần không cần thiết.`;
    super(message, { limit, max, part, messageVi });
    this.status = text.status;
    this.messageVi = messageVi;
  }
}

export type ArchiveProblem = 'damaged' | 'encrypted' | 'zip64' | 'method' | 'duplicate' | 'dtd';

const PROBLEM_TEXT: Record<ArchiveProblem, { en: string; vi: string }> = {
  damaged: { en: 'the zip archive is damaged', vi: 'tệp nén zip bị hỏng' },
  encrypted: {
    en: 'the workbook is encrypted (password-protected); remove the password',
    vi: 'tệp được mã hóa (có mật khẩu); hãy gỡ mật khẩu',
  },
  zip64: {
    en: 'the archive uses ZIP64, which is not accepted',
    vi: 'tệp nén dùng định dạng ZIP64, không được chấp nhận',
  },
  method: {
    en: 'a part uses a compression method other than deflate',
    vi: 'một phần của tệp dùng kiểu nén khác deflate',
  },
  duplicate: { en: 'the archive holds the same part twice', vi: 'tệp nén chứa cùng một phần hai lần' },
  dtd: {
    en: 'its XML declares a document type (DOCTYPE), which a workbook never does',
    vi: 'XML của tệp khai báo DOCTYPE, điều mà tệp Excel không bao giờ làm',
  },
};

/** The archive cannot be read safely (damaged, encrypted, ZIP64, unknown compression, a DTD). 415. */
export class UnreadableArchiveError extends DomainError {
  readonly code = 'UPLOAD_ARCHIVE_UNREADABLE';
  readonly status = 415;
  readonly messageVi: string;
  constructor(
    readonly problem: ArchiveProblem,
    readonly part?: string,
  ) {
    const text = PROBLEM_TEXT[problem];
    const where = part ? ` (${part})` : '';
    const messageVi = `Không đọc được tệp: ${text.vi}${where}; hãy mở bằng Excel và lưu lại`;
    super(`The file cannot be read: ${text.en}${where}; open it in Excel and save it again`, {
      problem,
      part,
      messageVi,
    });
    this.messageVi = messageVi;
  }
}

/** Limits with the caller's overrides. */
export const xlsxLimits = (overrides: Partial<XlsxLimits> = {}): XlsxLimits => ({
  ...DEFAULT_XLSX_LIMITS,
  ...overrides,
});
