import type { QuestionOption } from '../questions/question-model';
import { normaliseShortAnswer } from '../questions/question-rules';
import { GradedQuestion, gradePaper, gradeQuestion } from './grade';

const options = (...fractions: number[]): QuestionOption[] =>
  fractions.map((fraction, i) => ({ key: String.fromCharCode(97 + i), text: `Phương án ${i + 1}`, fraction }));
const single: GradedQuestion = { type: 'single_choice', options: options(0, 1, 0, -0.5), shortAnswer: null };
const multiple: GradedQuestion = {
  type: 'multiple_choice',
  options: options(0.5, 0.5, -1, 0),
  shortAnswer: null,
};
const thirds: GradedQuestion = {
  type: 'multiple_choice',
  options: options(0.33333, 0.33333, 0.33333, -0.5),
  shortAnswer: null,
};
const trueFalse: GradedQuestion = {
  type: 'true_false',
  options: [
    { key: 'true', text: 'Đúng', fraction: 1 },
    { key: 'false', text: 'Sai', fraction: 0 },
  ],
  shortAnswer: null,
};
const short = (ignoreDiacritics: boolean, ...accepted: Array<[string, number]>): GradedQuestion => ({
  type: 'short_answer',
  options: [],
  shortAnswer: { ignoreDiacritics, accepted: accepted.map(([text, fraction]) => ({ text, fraction })) },
});

describe(gradeQuestion.name, () => {
  it.each([
    [['b'], 1],
    [['a'], 0],
    [['d'], 0], // a negative fraction on its own is floored at 0
    [[], 0],
    [['a', 'b'], 0], // two choices on a single-answer question
    [['z'], 0], // an unknown key
    [['b', 'b'], 1], // the same key twice counts once
  ])('single choice %p → %p', (selected, expected) => {
    expect(gradeQuestion(single, { selected })).toBe(expected);
  });

  it.each([
    [['a', 'b'], 1],
    [['a'], 0.5],
    [['a', 'd'], 0.5],
    [['a', 'b', 'c'], 0], // 0.5 + 0.5 - 1
    [['a', 'c'], 0], // floored at 0, never negative
    [['c'], 0],
    [['a', 'b', 'd'], 1],
  ])('multiple choice sums Moodle fractions: %p → %p', (selected, expected) => {
    expect(gradeQuestion(multiple, { selected })).toBe(expected);
  });

  it('counts three thirds (0.33333 each) as full marks and two as 0.667', () => {
    expect(gradeQuestion(thirds, { selected: ['a', 'b', 'c'] })).toBe(1);
    expect(gradeQuestion(thirds, { selected: ['a', 'b'] })).toBe(0.667);
    expect(gradeQuestion(thirds, { selected: ['a', 'b', 'c', 'd'] })).toBe(0.5);
  });

  it('grades true/false', () => {
    expect(gradeQuestion(trueFalse, { selected: ['true'] })).toBe(1);
    expect(gradeQuestion(trueFalse, { selected: ['false'] })).toBe(0);
    expect(gradeQuestion(trueFalse, { selected: ['true', 'false'] })).toBe(0);
  });

  it('gives 0 for no answer or an answer of the wrong shape', () => {
    expect(gradeQuestion(single, null)).toBe(0);
    expect(gradeQuestion(single, { text: 'b' })).toBe(0);
    expect(gradeQuestion(short(false, ['Hà Nội', 1]), { selected: ['a'] })).toBe(0);
  });

  it('compares short answers ignoring case and spaces, keeping diacritics unless told', () => {
    const strict = short(false, ['Hội đồng Nhân quyền', 1]);
    expect(gradeQuestion(strict, { text: '  hội   ĐỒNG nhân\u00a0quyền ' })).toBe(1);
    expect(gradeQuestion(strict, { text: 'hoi dong nhan quyen' })).toBe(0);
    expect(gradeQuestion(strict, { text: 'Hội đồng Nhân quyền'.normalize('NFD') })).toBe(1);
    const loose = short(true, ['Hội đồng Nhân quyền', 1]);
    expect(gradeQuestion(loose, { text: 'HOI DONG NHAN QUYEN' })).toBe(1);
    expect(gradeQuestion(loose, { text: 'Hoi dong' })).toBe(0);
  });

  it('takes the best matching accepted answer, with partial credit and the * wildcard', () => {
    const q = short(true, ['10/12', 1], ['10 tháng 12', 1], ['tháng 12', 0.5], ['*', 0]);
    expect(gradeQuestion(q, { text: '10 thang 12' })).toBe(1);
    expect(gradeQuestion(q, { text: 'Tháng 12' })).toBe(0.5);
    expect(gradeQuestion(q, { text: 'tháng 11' })).toBe(0);
    expect(gradeQuestion(q, { text: '   ' })).toBe(0);
    const wildcard = short(false, ['công ước * quyền trẻ em', 1]);
    expect(gradeQuestion(wildcard, { text: 'Công ước của Liên hợp quốc về quyền trẻ em' })).toBe(1);
    expect(gradeQuestion(short(false, ['a.b', 1]), { text: 'axb' })).toBe(0); // regex characters are literal
  });

  it('normalises short answers the same way for both sides', () => {
    expect(normaliseShortAnswer('  Đặng   Thị\tÁnh ', true)).toBe('dang thi anh');
    expect(normaliseShortAnswer('  Đặng   Thị\tÁnh ', false)).toBe('đặng thị ánh');
  });
});

describe(gradePaper.name, () => {
  it('adds 1 mark per question, floors the percent to 2 decimals and compares with the pass mark', () => {
    const items = [
      { question: single, response: { selected: ['b'] } },
      { question: thirds, response: { selected: ['a', 'b'] } },
      { question: trueFalse, response: null },
    ];
    expect(gradePaper(items, 55)).toEqual({
      scores: [1, 0.667, 0],
      score: 1.667,
      maxScore: 3,
      percent: 55.56,
      passed: true,
    });
    expect(gradePaper(items, 55.57).passed).toBe(false);
  });

  it('passes at exactly the pass mark and not a hair below it', () => {
    const seven = (n: number) =>
      Array.from({ length: 10 }, (_, i) => ({
        question: trueFalse,
        response: { selected: [i < n ? 'true' : 'false'] },
      }));
    expect(gradePaper(seven(7), 70)).toMatchObject({ percent: 70, passed: true });
    expect(gradePaper(seven(6), 70)).toMatchObject({ percent: 60, passed: false });
    expect(gradePaper([{ question: thirds, response: { selected: ['a', 'b'] } }], 66.7)).toMatchObject({
      percent: 66.7,
      passed: true,
    });
  });
});
