import { checkQuestion, normaliseShortAnswer } from './question-rules';
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

const short = (accepted: Array<{ text: string; fraction: number }>, ignoreDiacritics = false): QuestionContent => ({
  ...base,
  type: 'short_answer',
  options: [],
  shortAnswer: { accepted, ignoreDiacritics },
});

describe(checkQuestion.name, () => {
  it('accepts well-formed questions of every type', () => {
    expect(checkQuestion(base)).toBeNull();
    expect(
      checkQuestion({
        ...base,
        options: [...base.options, { key: 'c', text: '8/3', fraction: -0.5 }],
      }),
    ).toBeNull();
    expect(
      checkQuestion({
        ...base,
        type: 'multiple_choice',
        options: [
          { key: 'a', text: 'ICCPR', fraction: 0.33333 },
          { key: 'b', text: 'ICESCR', fraction: 0.33333 },
          { key: 'c', text: 'CRC', fraction: 0.33333 },
          { key: 'd', text: 'Không', fraction: -1 },
        ],
      }),
    ).toBeNull();
    expect(
      checkQuestion({
        ...base,
        type: 'true_false',
        options: [
          { key: 'false', text: 'Sai', fraction: 1 },
          { key: 'true', text: 'Đúng', fraction: 0 },
        ],
      }),
    ).toBeNull();
    expect(checkQuestion(short([{ text: 'UPR', fraction: 1 }], true))).toBeNull();
    expect(
      checkQuestion(
        short([
          { text: 'UPR', fraction: 1 },
          { text: 'Rà soát', fraction: 0.5 },
        ]),
      ),
    ).toBeNull();
  });

  it.each<[string, Partial<QuestionContent>, string, string]>([
    [
      'no correct answer',
      {
        options: [
          { key: 'a', text: 'x', fraction: 0 },
          { key: 'b', text: 'y', fraction: 0 },
        ],
      },
      'options',
      'no_correct_answer',
    ],
    // The two rule sets used to disagree here: the bank accepted partial credit beside the full-credit option.
    [
      'a single choice with a partial-credit option',
      {
        options: [
          { key: 'a', text: 'x', fraction: 1 },
          { key: 'b', text: 'y', fraction: 0.5 },
        ],
      },
      'options',
      'partial_credit_single',
    ],
    [
      'a single choice with two right options',
      {
        options: [
          { key: 'a', text: 'x', fraction: 1 },
          { key: 'b', text: 'y', fraction: 1 },
        ],
      },
      'options',
      'several_correct',
    ],
    ['one option', { options: [{ key: 'a', text: 'x', fraction: 1 }] }, 'options', 'too_few_options'],
    [
      'duplicate keys',
      {
        options: [
          { key: 'a', text: 'x', fraction: 1 },
          { key: 'a', text: 'y', fraction: 0 },
        ],
      },
      'options',
      'bad_question',
    ],
    [
      'duplicate option texts',
      {
        options: [
          { key: 'a', text: 'X', fraction: 1 },
          { key: 'b', text: 'x', fraction: 0 },
        ],
      },
      'options',
      'duplicate_option',
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
      'fractions_sum',
    ],
    [
      'a fraction above 1',
      {
        options: [
          { key: 'a', text: 'x', fraction: 2 },
          { key: 'b', text: 'y', fraction: 1 },
        ],
      },
      'options.0.fraction',
      'bad_fraction',
    ],
    ['true/false with other keys', { type: 'true_false' }, 'options', 'bad_question'],
    ['an empty stem', { stem: '  ' }, 'stem', 'required'],
    ['an unknown topic', { topics: ['nope'] }, 'topics', 'unknown_topic'],
    [
      'short answer without accepted answers',
      { type: 'short_answer', options: [], shortAnswer: null },
      'shortAnswer.accepted',
      'no_correct_answer',
    ],
    [
      'short answer with no full credit',
      short([{ text: 'x', fraction: 0.5 }]),
      'shortAnswer.accepted',
      'no_correct_answer',
    ],
    // The other former disagreement: a 0% accepted answer (the bank took it; it gives no credit, so it is not one).
    [
      'short answer with a 0% accepted answer',
      short([
        { text: 'x', fraction: 1 },
        { text: 'y', fraction: 0 },
      ]),
      'shortAnswer.accepted',
      'bad_fraction',
    ],
    [
      'short answers the grader cannot tell apart',
      short(
        [
          { text: 'Hà Nội', fraction: 1 },
          { text: 'ha  noi', fraction: 0.5 },
        ],
        true,
      ),
      'shortAnswer.accepted',
      'duplicate_answer',
    ],
    [
      'short answer with options',
      { ...short([{ text: 'x', fraction: 1 }]), options: base.options },
      'options',
      'bad_question',
    ],
    [
      'accepted answers on a choice question',
      { shortAnswer: { ignoreDiacritics: false, accepted: [{ text: 'x', fraction: 1 }] } },
      'shortAnswer',
      'bad_question',
    ],
  ])('refuses %s', (_, change, field, code) => {
    expect(checkQuestion({ ...base, ...change })).toMatchObject({ field, code });
  });

  it('compares short answers as the grader does', () => {
    expect(normaliseShortAnswer('  Đặng   Thị\tÁnh ', true)).toBe('dang thi anh');
    expect(normaliseShortAnswer('HÀ NỘI', false)).toBe('hà nội');
  });
});
