import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportedQuestion } from '../question-model';
import { parseGift, toGift } from './gift';
import { QuestionFileError } from './question-file-error';

const FIXTURE = readFileSync(join(__dirname, '../../../../../test/fixtures/questions/moodle-export.gift.txt'));

function only(text: string): ImportedQuestion {
  const { questions } = parseGift(text);
  expect(questions).toHaveLength(1);
  return questions[0];
}

const question = (text: string) => {
  const q = only(text);
  if (!q.ok) throw new Error(`not imported: ${q.reason}`);
  return q.question;
};

function fileError(text: string): QuestionFileError {
  try {
    parseGift(text);
  } catch (e) {
    if (e instanceof QuestionFileError) return e;
    throw e;
  }
  throw new Error('parsed without an error');
}

describe('parseGift: a file like Moodle writes', () => {
  const { questions, categories } = parseGift(FIXTURE);

  it('reports every question of the file, in order, with its line', () => {
    expect(questions.map((q) => [q.line, q.ok ? q.question.name : q.name, q.ok ? q.question.type : q.reason])).toEqual([
      [7, 'CRC - năm phê chuẩn', 'single_choice'],
      [15, 'Công ước năm 1982', 'multiple_choice'],
      [24, 'Hội đồng Nhân quyền 2014–2016', 'true_false'],
      [27, 'UPR viết tắt', 'short_answer'],
      [33, 'CRC năm', 'single_choice'],
      [35, 'Ý nghĩa Tuyên ngôn', 'not imported: type essay'],
      [37, 'Ghép công ước với năm', 'not imported: type matching'],
      [42, 'Năm Tuyên ngôn', 'not imported: type numerical'],
      [46, 'Ký tự đặc biệt: ngoặc nhọn', 'single_choice'],
      [48, 'Phần sau gồm các câu hỏi về Việt Nam.', 'not imported: type description'],
    ]);
    expect(categories).toEqual(['Mặc định cho Quyền con người/Công ước', 'Mặc định cho Quyền con người/Việt Nam']);
    expect(questions[8]).toMatchObject({ category: 'Mặc định cho Quyền con người/Việt Nam' });
  });

  it('reads [html] text, weights, feedback, general feedback and the // @moc comment', () => {
    expect(questions[0]).toEqual({
      ok: true,
      line: 7,
      category: 'Mặc định cho Quyền con người/Công ước',
      question: {
        type: 'single_choice',
        name: 'CRC - năm phê chuẩn',
        stem: 'Việt Nam phê chuẩn Công ước về quyền trẻ em (CRC) năm nào?',
        options: [
          { key: 'a', text: '1990', fraction: 1, feedback: 'Đúng.' },
          { key: 'b', text: '1982', fraction: 0, feedback: null },
          {
            key: 'c',
            text: '2015',
            fraction: -0.3333333,
            feedback: 'Chưa đúng: CRC có hiệu lực với Việt Nam từ năm 1990.',
          },
        ],
        shortAnswer: null,
        topics: ['crc'],
        difficulty: 'easy',
        explanation: 'Việt Nam phê chuẩn CRC ngày 28/02/1990, là nước đầu tiên ở châu Á.',
      },
    });
  });

  it('multiple choice: weights without "=", a line break in the question text', () => {
    const q = questions[1];
    expect(q.ok && q.question).toMatchObject({
      stem: 'Việt Nam đã gia nhập hoặc phê chuẩn những công ước nào năm 1982?\nChọn tất cả các đáp án đúng.',
      options: [
        { fraction: 0.3333333 },
        { fraction: 0.3333333 },
        { fraction: 0.3333333 },
        { fraction: -1, feedback: 'CRC: năm 1990.' },
      ],
    });
  });

  it('true/false: the first feedback is for a wrong answer, the second for the right one', () => {
    const q = questions[2];
    expect(q.ok && q.question.options).toEqual([
      { key: 'true', text: 'Đúng', fraction: 1, feedback: 'Chính xác.' },
      { key: 'false', text: 'Sai', fraction: 0, feedback: 'Việt Nam được bầu năm 2013 cho nhiệm kỳ 2014–2016.' },
    ]);
  });

  it('short answer with partial credit', () => {
    const q = questions[3];
    expect(q.ok && q.question.shortAnswer).toEqual({
      accepted: [
        { text: 'UPR', fraction: 1 },
        { text: 'Universal Periodic Review', fraction: 0.5 },
      ],
      ignoreDiacritics: false,
    });
  });

  it('missing word: the answers become the options and the braces a blank in the stem', () => {
    const q = questions[4];
    expect(q.ok && q.question).toMatchObject({
      stem: 'Việt Nam phê chuẩn Công ước về quyền trẻ em năm _____, là nước đầu tiên ở châu Á.',
      options: [
        { text: '1982', fraction: 0 },
        { text: '1990', fraction: 1 },
        { text: '2015', fraction: 0 },
      ],
    });
  });

  it('escapes', () => {
    const q = questions[8];
    expect(q.ok && q.question.options.map((o) => o.text)).toEqual(['{', '}', '=']);
    expect(q.ok && q.question.options[2].feedback).toBe('Dấu bằng đánh dấu đáp án đúng.');
  });
});

describe('parseGift: questions', () => {
  it('{T} {TRUE} {F} {FALSE}', () => {
    for (const [answer, correct] of [
      ['T', 'true'],
      ['TRUE', 'true'],
      ['F', 'false'],
      ['FALSE', 'false'],
    ]) {
      const q = question(`Câu ${answer}.{${answer}}`);
      expect(q.options.find((o) => o.fraction === 1)?.key).toBe(correct);
    }
    const f = question('Trời đỏ.{F#Sai: trời xanh.#Đúng, trời không đỏ.####Giải thích chung.}');
    expect(f.options).toEqual([
      { key: 'true', text: 'Đúng', fraction: 0, feedback: 'Sai: trời xanh.' },
      { key: 'false', text: 'Sai', fraction: 1, feedback: 'Đúng, trời không đỏ.' },
    ]);
    expect(f.explanation).toBe('Giải thích chung.');
  });

  it('short answer {=a =b}, with %50% and a 0% answer dropped; comments skipped', () => {
    const q = question('// chú thích\n::S::Thủ đô?{=Hà Nội =%50%Ha Noi =%0%Huế}');
    expect(q.shortAnswer?.accepted).toEqual([
      { text: 'Hà Nội', fraction: 1 },
      { text: 'Ha Noi', fraction: 0.5 },
    ]);
  });

  it('[plain] keeps markup as text; [markdown] is kept as written; [moodle] drops tags', () => {
    expect(question('[plain]a <b>x</b> &amp;{=y ~z}').stem).toBe('a <b>x</b> &amp;');
    expect(question('[markdown]**đậm**{=y ~z}').stem).toBe('**đậm**');
    expect(question('[moodle]a <b>x</b>\\nb{=y ~z}').stem).toBe('a x\nb');
  });

  it('reports matching, numerical, essay and description as unsupported, with the name', () => {
    const { questions } = parseGift(
      '::M::Ghép.{=a -> 1 =b -> 2}\n\n::N::Số?{#1948:0}\n\n::E::Viết.{}\n\n::D::Chỉ là văn bản.',
    );
    expect(questions.map((q) => !q.ok && [q.line, q.name, q.code, q.reason])).toEqual([
      [1, 'M', 'unsupported_type', 'not imported: type matching'],
      [3, 'N', 'unsupported_type', 'not imported: type numerical'],
      [5, 'E', 'unsupported_type', 'not imported: type essay'],
      [7, 'D', 'unsupported_type', 'not imported: type description'],
    ]);
  });

  it('row errors: no correct answer, fractions that do not add up, duplicate names', () => {
    const { questions } = parseGift('::A::x{~a ~b}\n\n::B::x{~%50%a ~%40%b}\n\n::C::x{=a ~b}\n\n::C::y{=a ~b}');
    expect(questions.map((q) => (q.ok ? 'ok' : q.code))).toEqual([
      'no_correct_answer',
      'fractions_sum',
      'ok',
      'duplicate_name',
    ]);
    expect(questions[3]).toMatchObject({ line: 7, reason: expect.stringContaining('(line 5)') });
  });

  it('reports embedded images', () => {
    expect(only('[html]<img src="@@PLUGINFILE@@/a.png">Ảnh gì?{=x ~y}')).toMatchObject({
      ok: false,
      code: 'embedded_file',
    });
  });
});

describe('parseGift: syntax errors refuse the file with the line', () => {
  it.each([
    ['::A::x{=a ~b}\n\n::B::Câu hỏi\n{=a\n~b', 4, 'the answer block opened with { is not closed with }'],
    ['::A::x{=a ~b}\n\nCâu hỏi =a ~b}', 3, 'a } closes an answer block that was not opened with {'],
    ['::A::x{=a {~b}', 1, 'a { inside an answer block'],
    ['::A::x{=a ~b} và {=c ~d}', 1, 'a question has one answer block'],
    ['\n\n::Tên chưa đóng: x{=a ~b}', 3, 'the question name is not closed with ::'],
  ])('%j', (text, line, reason) => {
    const e = fileError(text);
    expect(e).toMatchObject({ kind: 'not_well_formed', line, status: 400 });
    expect(e.message).toContain(`line ${line}: GIFT syntax: ${reason}`);
  });
});

describe('toGift', () => {
  it('writes a missing-word stem as an ordinary question that reads back to the same stem', () => {
    const q = question('Hà Nội là {~thành phố =thủ đô} của Việt Nam.');
    expect(toGift([{ question: q, category: null }])).toBe(
      '::Hà Nội là _____ của Việt Nam.::Hà Nội là _____ của Việt Nam.{\n\t~thành phố\n\t=thủ đô\n}\n',
    );
  });
});
