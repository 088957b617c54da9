import type { ImportedQuestion } from '../question-model';
import { QuestionFileError } from './question-file-error';
import { parseQuestionRows, QUESTION_COLUMNS, questionTemplateRows, toQuestionRows } from './question-rows';

const HEADER = [
  'Tên câu hỏi',
  'Loại',
  'Nội dung câu hỏi',
  'Phương án A',
  'Phương án B',
  'Phương án C',
  'Đáp án đúng',
  'Chủ đề',
  'Độ khó',
  'Giải thích',
];

/** One data row (row 2) under HEADER; `cells` by header. */
function one(cells: Record<string, string>, header = HEADER): ImportedQuestion {
  const items = parseQuestionRows([header, header.map((h) => cells[h] ?? '')]);
  expect(items).toHaveLength(1);
  return items[0];
}

const base = { 'Tên câu hỏi': 'Q', 'Nội dung câu hỏi': 'Câu hỏi?' };

describe('parseQuestionRows', () => {
  it('reads every type, with row numbers, skipping empty rows', () => {
    const items = parseQuestionRows([
      HEADER,
      ['Q1', 'Một đáp án', 'Ngày Nhân quyền?', '10/12', '1/6', '', 'A', 'international-law', 'Dễ', 'Năm 1948.'],
      ['', '', '', '', '', '', '', '', '', ''],
      ['Q2', 'Nhiều đáp án', 'Năm 1982?', 'ICCPR', 'ICESCR', 'CRC', 'A; B', 'iccpr, ICESCR', 'trung binh', ''],
      ['Q3', 'Đúng/Sai', 'CRC năm 1990.', '', '', '', 'Đúng', '', 'Khó', ''],
      ['Q4', 'short_answer', 'Viết tắt?', 'UPR', 'Universal Periodic Review', '', 'A; B=50%', '', '', ''],
    ]);
    expect(items.map((i) => i.line)).toEqual([2, 4, 5, 6]);
    expect(items.every((i) => i.ok)).toBe(true);
    const [q1, q2, q3, q4] = items.map((i) => (i.ok ? i.question : null));
    expect(q1).toEqual({
      type: 'single_choice',
      name: 'Q1',
      stem: 'Ngày Nhân quyền?',
      options: [
        { key: 'a', text: '10/12', fraction: 1, feedback: null },
        { key: 'b', text: '1/6', fraction: 0, feedback: null },
      ],
      shortAnswer: null,
      topics: ['international-law'],
      difficulty: 'easy',
      explanation: 'Năm 1948.',
    });
    expect(q2).toMatchObject({
      options: [{ fraction: 0.5 }, { fraction: 0.5 }, { fraction: 0 }],
      topics: ['iccpr', 'icescr'],
      difficulty: 'medium',
    });
    expect(q3).toMatchObject({
      type: 'true_false',
      options: [
        { key: 'true', fraction: 1 },
        { key: 'false', fraction: 0 },
      ],
      difficulty: 'hard',
    });
    expect(q4?.shortAnswer).toEqual({
      accepted: [
        { text: 'UPR', fraction: 1 },
        { text: 'Universal Periodic Review', fraction: 0.5 },
      ],
      ignoreDiacritics: false,
    });
  });

  it('matches headers ignoring case, diacritics and marks, in any order, and English aliases', () => {
    const header = ['correct answer', 'QUESTION TEXT', 'type', 'option a', 'Option B', 'Ghi chú'];
    const items = parseQuestionRows([header, ['B', 'Câu?', 'single_choice', 'x', 'y', 'bỏ qua']]);
    expect(items[0]).toMatchObject({
      ok: true,
      question: { name: 'Câu?', options: [{ fraction: 0 }, { fraction: 1 }] },
    });
  });

  it('refuses a header without the required columns, naming them', () => {
    expect(() => parseQuestionRows([['Tên câu hỏi', 'Phương án A']])).toThrow(QuestionFileError);
    try {
      parseQuestionRows([['Tên câu hỏi', 'Phương án A']]);
    } catch (e) {
      expect(e).toMatchObject({
        kind: 'header',
        line: 1,
        message: expect.stringContaining('"Loại" (Type) is missing'),
      });
    }
  });

  it.each([
    [{ Loại: 'Một đáp án', 'Phương án A': 'x', 'Phương án B': 'y' }, 'no_correct_answer', 'Correct answer: is empty'],
    [
      { Loại: 'Một đáp án', 'Phương án A': 'x', 'Phương án B': 'y', 'Đáp án đúng': 'C' },
      'bad_correct',
      'C names no filled option',
    ],
    [
      { Loại: 'Một đáp án', 'Phương án A': 'x', 'Phương án B': 'y', 'Đáp án đúng': 'A; B' },
      'several_correct',
      '2 options are marked correct',
    ],
    [
      { Loại: 'Nhiều đáp án', 'Phương án A': 'x', 'Phương án B': 'y', 'Đáp án đúng': 'A=50%; B=30%' },
      'fractions_sum',
      'add up to 80%, not 100%',
    ],
    [
      { Loại: 'Nhiều đáp án', 'Phương án A': 'x', 'Phương án B': 'y', 'Đáp án đúng': 'A; B=50%' },
      'bad_correct',
      'for every letter or for none',
    ],
    [
      { Loại: 'Nhiều đáp án', 'Phương án A': 'x', 'Phương án B': 'y', 'Đáp án đúng': 'A=150%' },
      'bad_fraction',
      'not between -100% and 100%',
    ],
    [
      { Loại: 'Một đáp án', 'Phương án A': 'x', 'Phương án C': 'y', 'Đáp án đúng': 'A' },
      'option_gap',
      'Option B: is empty but Option C is not',
    ],
    [{ Loại: 'Tự luận', 'Phương án A': 'x' }, 'bad_type', '"Tự luận" is not a question type'],
    [
      { Loại: 'Một đáp án', 'Phương án A': 'x', 'Phương án B': 'y', 'Đáp án đúng': 'A', 'Chủ đề': 'lịch sử' },
      'unknown_topic',
      'unknown topic "lịch sử"',
    ],
    [
      { Loại: 'Một đáp án', 'Phương án A': 'x', 'Phương án B': 'y', 'Đáp án đúng': 'A', 'Độ khó': 'rất khó' },
      'bad_difficulty',
      '"rất khó" is not Dễ',
    ],
    [{ Loại: 'Đúng/Sai', 'Đáp án đúng': 'Có lẽ' }, 'bad_correct', 'is not Đúng or Sai'],
    [
      { Loại: 'Trả lời ngắn', 'Phương án A': 'x', 'Phương án B': 'y', 'Đáp án đúng': 'A' },
      'bad_correct',
      'Option B is not listed',
    ],
    [
      { Loại: 'Một đáp án', 'Phương án A': 'x', 'Phương án B': 'X', 'Đáp án đúng': 'A' },
      'duplicate_option',
      'repeats an earlier option',
    ],
  ])('row error %j → %s', (cells, code, reason) => {
    const item = one({ ...base, ...cells });
    expect(item).toMatchObject({ ok: false, line: 2, name: 'Q', code, reason: expect.stringContaining(reason) });
  });

  it('refuses a duplicate name within the file, naming the first row', () => {
    const row = ['Q', 'Đúng/Sai', 'Câu?', '', '', '', 'Sai', '', '', ''];
    const items = parseQuestionRows([HEADER, row, row]);
    expect(items[1]).toMatchObject({
      ok: false,
      line: 3,
      code: 'duplicate_name',
      reason: expect.stringContaining('(row 2)'),
    });
  });

  describe('formula cells', () => {
    it.each(['=HYPERLINK("http://x","y")', '+SUM(A1)', '-2+3', '@cmd', '\t=1+1', ' =1'])(
      'refuses %j, naming the column',
      (cell) => {
        const item = one({ ...base, Loại: 'Một đáp án', 'Phương án A': cell, 'Phương án B': 'y', 'Đáp án đúng': 'A' });
        expect(item).toMatchObject({
          ok: false,
          code: 'formula',
          reason: expect.stringMatching(/^Option A: looks like a spreadsheet formula/),
        });
      },
    );

    it('keeps numbers, and the text after the apostrophe our exports add', () => {
      const item = one({
        ...base,
        Loại: 'Một đáp án',
        'Phương án A': '-5',
        'Phương án B': "'- Không có",
        'Phương án C': "'=A1",
        'Đáp án đúng': 'A',
      });
      expect(item.ok && item.question.options.map((o) => o.text)).toEqual(['-5', '- Không có', '=A1']);
    });
  });

  it('names a question without a name from its text, and bounds the number of questions', () => {
    const item = one({ 'Nội dung câu hỏi': 'Trời xanh?', Loại: 'Đúng/Sai', 'Đáp án đúng': 'Đúng' });
    expect(item.ok && item.question.name).toBe('Trời xanh?');
    const rows = Array.from({ length: 5001 }, (_, i) => [`Q${i}`, 'Đúng/Sai', 'x', '', '', '', 'Đúng', '', '', '']);
    expect(() => parseQuestionRows([HEADER, ...rows])).toThrow(
      expect.objectContaining({ kind: 'too_many_questions', line: 5002 }),
    );
  });
});

describe('toQuestionRows and the template', () => {
  it('neutralises every cell that starts like a formula', () => {
    const [, row] = toQuestionRows([
      {
        category: '@nhóm',
        question: {
          type: 'single_choice',
          name: '=1+1',
          stem: '+cmd',
          options: [
            { key: 'a', text: '-x', fraction: 1, feedback: '@y' },
            { key: 'b', text: 'z', fraction: 0, feedback: null },
          ],
          shortAnswer: null,
          topics: [],
          difficulty: null,
          explanation: '-note',
        },
      },
    ]);
    expect(row.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(row).toEqual(expect.arrayContaining(["'=1+1", "'+cmd", "'-x", "'@y", "'-note", "'@nhóm"]));
  });

  it('the template has the documented Vietnamese headers and example rows that import without errors', () => {
    const rows = questionTemplateRows();
    expect(rows[0].slice(0, 3)).toEqual(['Tên câu hỏi', 'Loại', 'Nội dung câu hỏi']);
    expect(rows[0]).toEqual(
      expect.arrayContaining(['Phương án A', 'Đáp án đúng', 'Chủ đề', 'Độ khó', 'Giải thích', 'Bỏ qua dấu']),
    );
    expect(rows[0].every((h) => QUESTION_COLUMNS.some((c) => c.headerVi === h))).toBe(true);
    const items = parseQuestionRows(rows);
    expect(items.map((i) => (i.ok ? i.question.type : i.reason))).toEqual([
      'single_choice',
      'multiple_choice',
      'true_false',
      'short_answer',
    ]);
  });
});
