import { parse } from 'csv-parse/sync';
import { CsvRecordSplitter, CsvSyntaxError, MAX_CSV_RECORD_CHARS, splitCsvText } from './csv-records';
import { UploadLimitError } from './upload-limits';

function split(chunks: string[], delimiter = ','): string[][] {
  const s = new CsvRecordSplitter(delimiter);
  return [...chunks.flatMap((c) => s.push(c)), ...s.end()];
}

/** Every way of cutting the text into two chunks, plus one character at a time. */
function everyChunking(text: string): string[][] {
  const cuts = Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
  return [...cuts, [...text]];
}

const TRICKY =
  'Mã cán bộ,Họ và tên,Ghi chú\r\n' +
  'CB1,"Nguyễn, Văn An","dòng 1\r\ndòng 2"\r\n' +
  '\r\n' +
  'CB2,Lê Văn "Tý",""""\n' +
  'CB3,,\r' +
  '"CB4","x""y"z,\n' +
  'CB5,Đỗ Đức Đạt,cuối';

const EXPECTED = [
  ['Mã cán bộ', 'Họ và tên', 'Ghi chú'],
  ['CB1', 'Nguyễn, Văn An', 'dòng 1\r\ndòng 2'],
  [''],
  ['CB2', 'Lê Văn "Tý"', '"'],
  ['CB3', '', ''],
  ['CB4', 'x"yz', ''],
  ['CB5', 'Đỗ Đức Đạt', 'cuối'],
];

describe(CsvRecordSplitter.name, () => {
  it('splits quoted fields, escaped quotes, stray quotes, empty lines and CRLF/LF/CR line ends', () => {
    expect(split([TRICKY])).toEqual(EXPECTED);
  });

  it('gives the same records however the text is cut into chunks', () => {
    for (const chunks of everyChunking(TRICKY)) expect(split(chunks)).toEqual(EXPECTED);
  });

  it('agrees with csv-parse on well-formed CSV', () => {
    const text = 'a;b;c\n"1;2";"x\n""y""";\n;;\n4;5;6\n';
    expect(split([text], ';')).toEqual(
      parse(text, { delimiter: ';', relax_column_count: true, skip_empty_lines: false }),
    );
  });

  it('keeps a trailing empty field and needs no final line break', () => {
    expect(split(['a,b,\n1,2,'])).toEqual([
      ['a', 'b', ''],
      ['1', '2', ''],
    ]);
  });

  it('returns nothing for empty text', () => {
    expect(split([''])).toEqual([]);
  });

  it('refuses an unclosed quote, naming the row', () => {
    expect(() => split(['a,b\n1,"2\n3,4\n'])).toThrow(
      expect.objectContaining({ row: 2, message: 'a quote is not closed' }),
    );
  });

  it('refuses a record over the size limit instead of buffering the rest of the file', () => {
    const s = new CsvRecordSplitter(',');
    s.push('a,b\n"');
    expect(() => s.push('x'.repeat(MAX_CSV_RECORD_CHARS + 1))).toThrow(CsvSyntaxError);
  });
});

describe(splitCsvText.name, () => {
  it('splits a whole text with the header line’s delimiter, quoted line breaks kept', () => {
    expect(splitCsvText('a;b\n"x\ny";2\n', 10)).toEqual([
      ['a', 'b'],
      ['x\ny', '2'],
    ]);
    expect(splitCsvText('a,b', 10)).toEqual([['a', 'b']]);
  });

  it('refuses more than maxRows records (400 naming the limit) and an unclosed quote with its row', () => {
    expect(() => splitCsvText('a\nb\nc\nd', 3)).toThrow(UploadLimitError);
    expect(() => splitCsvText('a\nb\nc\n', 3)).not.toThrow();
    expect(() => splitCsvText('a\n"b\n', 10)).toThrow(expect.objectContaining({ row: 2 }));
  });
});
