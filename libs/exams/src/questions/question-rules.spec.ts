import { checkQuestionContent } from './question-rules';
import { QuestionContent } from './question-model';

const base: QuestionContent = {
  type: 'single_choice',
  name: 'Q1',
  stem: 'Ngày Quốc tế Nhân quyền là ngày nào?',
  options: [
    { key: 'a', text: '10/12', fraction: 1 },
    { key: 'b', text: '1/6', fraction: 0 },
  ],
  shortAnswer: null,
  topics: [],
  difficulty: null,
  explanation: null,
};

describe(checkQuestionContent.name, () => {
  it('accepts well-formed questions of every type', () => {
    expect(checkQuestionContent(base)).toEqual([]);
    expect(
      checkQuestionContent({
        ...base,
        type: 'multiple_choice',
        options: [
          { key: 'a', text: 'ICCPR', fraction: 0.33333 },
          { key: 'b', text: 'ICESCR', fraction: 0.33333 },
          { key: 'c', text: 'CRC', fraction: 0.33333 },
          { key: 'd', text: 'Không', fraction: -1 },
        ],
      }),
    ).toEqual([]);
    expect(
      checkQuestionContent({
        ...base,
        type: 'true_false',
        options: [
          { key: 'true', text: 'Đúng', fraction: 0 },
          { key: 'false', text: 'Sai', fraction: 1 },
        ],
      }),
    ).toEqual([]);
    expect(
      checkQuestionContent({
        ...base,
        type: 'short_answer',
        options: [],
        shortAnswer: { ignoreDiacritics: true, accepted: [{ text: 'UPR', fraction: 1 }] },
      }),
    ).toEqual([]);
  });

  it.each<[string, Partial<QuestionContent>, string]>([
    [
      'no correct answer',
      {
        options: [
          { key: 'a', text: 'x', fraction: 0 },
          { key: 'b', text: 'y', fraction: 0.5 },
        ],
      },
      'options',
    ],
    ['one option', { options: [{ key: 'a', text: 'x', fraction: 1 }] }, 'options'],
    [
      'duplicate keys',
      {
        options: [
          { key: 'a', text: 'x', fraction: 1 },
          { key: 'a', text: 'y', fraction: 0 },
        ],
      },
      'options',
    ],
    [
      'fractions that do not add up',
      {
        type: 'multiple_choice',
        options: [
          { key: 'a', text: 'x', fraction: 0.5 },
          { key: 'b', text: 'y', fraction: 0.4 },
        ],
      },
      'options',
    ],
    [
      'a fraction above 1',
      {
        options: [
          { key: 'a', text: 'x', fraction: 2 },
          { key: 'b', text: 'y', fraction: 1 },
        ],
      },
      'options',
    ],
    ['true/false with other keys', { type: 'true_false' }, 'options'],
    ['an empty stem', { stem: '  ' }, 'stem'],
    [
      'short answer without accepted answers',
      { type: 'short_answer', options: [], shortAnswer: null },
      'shortAnswer.accepted',
    ],
    [
      'short answer with no full credit',
      {
        type: 'short_answer',
        options: [],
        shortAnswer: { ignoreDiacritics: false, accepted: [{ text: 'x', fraction: 0.5 }] },
      },
      'shortAnswer.accepted',
    ],
    [
      'short answer with options',
      { type: 'short_answer', shortAnswer: { ignoreDiacritics: false, accepted: [{ text: 'x', fraction: 1 }] } },
      'options',
    ],
  ])('refuses %s', (_, change, field) => {
    expect(checkQuestionContent({ ...base, ...change })).toContainEqual(expect.objectContaining({ field }));
  });
});
