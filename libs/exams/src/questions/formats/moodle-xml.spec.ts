import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportedQuestion } from '../question-model';
import { parseMoodleXml, toMoodleXml } from './moodle-xml';
import { QuestionFileError } from './question-file-error';

const FIXTURE = readFileSync(join(__dirname, '../../../../../test/fixtures/questions/moodle-export.xml'));

const quiz = (questions: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n${questions}\n</quiz>\n`;
const multichoice = (answers: string, extra = ''): string =>
  `<question type="multichoice"><name><text>Q</text></name>
   <questiontext format="html"><text>Câu hỏi?</text></questiontext>${extra}${answers}</question>`;
const answer = (fraction: string, text: string): string =>
  `<answer fraction="${fraction}" format="html"><text>${text}</text></answer>`;

function only(items: ImportedQuestion[]): ImportedQuestion {
  expect(items).toHaveLength(1);
  return items[0];
}

function fileError(input: string | Buffer): QuestionFileError {
  try {
    parseMoodleXml(input);
  } catch (e) {
    if (e instanceof QuestionFileError) return e;
    throw e;
  }
  throw new Error('parsed without an error');
}

describe('parseMoodleXml: a Moodle export', () => {
  const { questions, categories } = parseMoodleXml(FIXTURE);

  it('reports every question of the file, in order, with its line', () => {
    expect(questions.map((q) => [q.line, q.ok ? q.question.name : q.name, q.ok ? 'ok' : q.code])).toEqual([
      [15, 'CRC - năm phê chuẩn', 'ok'],
      [68, 'Công ước năm 1982', 'ok'],
      [105, 'Hội đồng Nhân quyền 2014–2016', 'ok'],
      [134, 'UPR viết tắt', 'ok'],
      [164, 'Ý nghĩa Tuyên ngôn', 'unsupported_type'],
      [192, 'Ghép công ước với năm', 'unsupported_type'],
      [233, 'Bản đồ', 'embedded_file'],
      [259, 'Giới thiệu', 'unsupported_type'],
    ]);
    expect(categories).toEqual(['Mặc định cho Quyền con người/Công ước', 'Mặc định cho Quyền con người/Việt Nam']);
  });

  it('reads a single-answer multichoice: HTML to text, entities, per-answer feedback, negative decimal fraction', () => {
    expect(questions[0]).toEqual({
      ok: true,
      line: 15,
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
        topics: ['crc'], // from the tag topic:crc; the other tag is ignored
        difficulty: null,
        explanation: 'Việt Nam phê chuẩn CRC ngày 28/02/1990, là nước đầu tiên ở châu Á.',
      },
    });
  });

  it('reads a multiple-answer multichoice with thirds and a penalty; moodle_auto_format keeps line breaks', () => {
    const q = questions[1];
    expect(q.ok && q.question).toMatchObject({
      type: 'multiple_choice',
      stem: 'Việt Nam đã gia nhập hoặc phê chuẩn những công ước nào năm 1982?\nChọn tất cả các đáp án đúng & không chọn đáp án sai.',
      options: [
        { text: 'ICCPR', fraction: 0.3333333 },
        { text: 'ICESCR', fraction: 0.3333333 },
        { text: 'CEDAW', fraction: 0.3333333 },
        { text: 'CRC', fraction: -1, feedback: 'CRC: năm 1990.' },
      ],
      explanation: null,
    });
  });

  it('reads a truefalse with both feedbacks', () => {
    const q = questions[2];
    expect(q.ok && q.question.options).toEqual([
      { key: 'true', text: 'Đúng', fraction: 1, feedback: 'Chính xác.' },
      { key: 'false', text: 'Sai', fraction: 0, feedback: 'Việt Nam được bầu năm 2013 cho nhiệm kỳ 2014–2016.' },
    ]);
  });

  it('reads a case-sensitive shortanswer case-insensitively, with partial credit, dropping the 0% catch-all', () => {
    const q = questions[3];
    expect(q.ok && q.question).toMatchObject({
      type: 'short_answer',
      options: [],
      shortAnswer: {
        accepted: [
          { text: 'UPR', fraction: 1 },
          { text: 'Universal Periodic Review', fraction: 0.5 },
        ],
        ignoreDiacritics: false,
      },
    });
  });

  it('reports the types Mộc does not have and the embedded image, naming them', () => {
    expect(questions[4]).toMatchObject({ ok: false, code: 'unsupported_type', reason: 'not imported: type essay' });
    expect(questions[5]).toMatchObject({ ok: false, reason: 'not imported: type matching' });
    expect(questions[6]).toMatchObject({
      ok: false,
      code: 'embedded_file',
      reason: expect.stringContaining('"ban do.png"'),
    });
    expect(questions[7]).toMatchObject({ ok: false, reason: 'not imported: type description' });
  });
});

describe('parseMoodleXml: questions', () => {
  it('reports each unsupported type, named, and never drops one', () => {
    const types = [
      'essay',
      'matching',
      'numerical',
      'multianswer',
      'ddwtos',
      'calculated',
      'description',
      'random',
      'gapselect',
    ];
    const xml = quiz(types.map((t) => `<question type="${t}"><name><text>${t} 1</text></name></question>`).join('\n'));
    const { questions } = parseMoodleXml(xml);
    expect(questions.map((q) => !q.ok && [q.name, q.reason, q.reasonVi])).toEqual(
      types.map((t) => [`${t} 1`, `not imported: type ${t}`, `không nhập: loại câu hỏi ${t} chưa được hỗ trợ`]),
    );
  });

  it('refuses a multichoice whose positive fractions do not add up to 100%', () => {
    const xml = quiz(multichoice(answer('50', 'a') + answer('40', 'b') + answer('0', 'c'), '<single>false</single>'));
    expect(only(parseMoodleXml(xml).questions)).toMatchObject({
      ok: false,
      line: 3,
      name: 'Q',
      code: 'fractions_sum',
      reason: 'the grades of the correct options add up to 90%, not 100%',
    });
  });

  it('refuses a question with no correct answer, and a single-answer one with partial credit', () => {
    expect(only(parseMoodleXml(quiz(multichoice(answer('0', 'a') + answer('0', 'b')))).questions)).toMatchObject({
      code: 'no_correct_answer',
    });
    expect(only(parseMoodleXml(quiz(multichoice(answer('100', 'a') + answer('50', 'b')))).questions)).toMatchObject({
      code: 'partial_credit_single',
    });
  });

  it('refuses a fraction that is not a percentage', () => {
    const xml = quiz(multichoice(answer('100', 'a') + answer('abc', 'b')));
    expect(only(parseMoodleXml(xml).questions)).toMatchObject({ code: 'bad_fraction' });
    expect(only(parseMoodleXml(quiz(multichoice(answer('100', 'a') + answer('-150', 'b')))).questions)).toMatchObject({
      code: 'bad_fraction',
    });
  });

  it('refuses a second question with the same name, naming the line of the first', () => {
    const q = multichoice(answer('100', 'a') + answer('0', 'b'));
    const { questions } = parseMoodleXml(quiz(`${q}\n${q}`));
    expect(questions[0].ok).toBe(true);
    expect(questions[1]).toMatchObject({
      ok: false,
      code: 'duplicate_name',
      reason: expect.stringContaining('line 3'),
    });
  });

  it('names a question without <name> from its text', () => {
    const xml =
      quiz(`<question type="truefalse"><questiontext format="plain_text"><text>Trời xanh.</text></questiontext>
      ${answer('100', 'true')}${answer('0', 'false')}</question>`);
    const q = only(parseMoodleXml(xml).questions);
    expect(q.ok && q.question.name).toBe('Trời xanh.');
  });

  it('turns HTML into plain text safely: scripts dropped, tags stripped, entities decoded, lists and breaks kept', () => {
    const html = `<p>Dòng&nbsp;1<br/>Dòng   2</p><script>alert(1)</script><ul><li>một</li><li>hai &lt;b&gt;</li></ul><p onclick="x()">Cuối &amp; hết &#272;&#x1EA1;</p>`;
    const xml = quiz(
      multichoice(answer('100', 'a') + answer('0', 'b')).replace(
        '<text>Câu hỏi?</text>',
        `<text><![CDATA[${html}]]></text>`,
      ),
    );
    const q = only(parseMoodleXml(xml).questions);
    expect(q.ok && q.question.stem).toBe('Dòng 1\nDòng 2\n\n- một\n- hai <b>\n\nCuối & hết Đạ');
  });

  it('normalises to NFC and removes zero-width characters', () => {
    const decomposed = 'Nhân quyền'.normalize('NFD');
    const xml = quiz(multichoice(answer('100', `a\u200B${decomposed}`) + answer('0', 'b')));
    const q = only(parseMoodleXml(xml).questions);
    expect(q.ok && q.question.options[0].text).toBe('aNhân quyền');
  });

  it('reports an image linked from anywhere, not only @@PLUGINFILE@@', () => {
    const xml = quiz(multichoice(answer('100', '&lt;img src="https://example.org/a.png"&gt;Ảnh') + answer('0', 'b')));
    expect(only(parseMoodleXml(xml).questions)).toMatchObject({
      code: 'embedded_file',
      reason: expect.stringContaining('https://example.org/a.png'),
    });
  });

  it('shortanswer: a wildcard is refused; usecase=1 answers that differ only by case are refused', () => {
    const short = (usecase: string, answers: string): string =>
      quiz(`<question type="shortanswer"><name><text>S</text></name><questiontext><text>?</text></questiontext>
        <usecase>${usecase}</usecase>${answers}</question>`);
    expect(only(parseMoodleXml(short('0', answer('100', 'Hà*'))).questions)).toMatchObject({ code: 'wildcard' });
    expect(only(parseMoodleXml(short('1', answer('100', 'UPR') + answer('50', 'upr'))).questions)).toMatchObject({
      code: 'case_sensitive',
    });
    expect(only(parseMoodleXml(short('0', answer('100', 'UPR') + answer('50', 'upr'))).questions)).toMatchObject({
      code: 'duplicate_answer',
    });
    expect(only(parseMoodleXml(short('1', answer('100', 'UPR'))).questions).ok).toBe(true);
  });

  it('refuses an unknown topic tag (checked against the catalogue, or the codes given)', () => {
    const xml = quiz(
      multichoice(answer('100', 'a') + answer('0', 'b'), '<tags><tag><text>topic:khong-co</text></tag></tags>'),
    );
    expect(only(parseMoodleXml(xml).questions)).toMatchObject({ code: 'unknown_topic' });
    expect(only(parseMoodleXml(xml, { topicCodes: ['khong-co'] }).questions).ok).toBe(true);
  });
});

describe('parseMoodleXml: files refused as a whole, with the line', () => {
  it('not well-formed XML', () => {
    const e = fileError(quiz('<question type="multichoice">\n<name><text>Q</name>\n</question>'));
    expect(e).toMatchObject({ kind: 'not_well_formed', line: 4, status: 400 });
    expect(e.message).toBe('line 4: not well-formed XML: the end tag </name> does not match <text> opened on line 4');
    expect(e.messageVi).toContain('dòng 4: XML không đúng cú pháp');
  });

  it('a DOCTYPE (billion laughs, external entities) is refused before anything is expanded', () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n<quiz>&lol2;</quiz>`;
    expect(fileError(laughs)).toMatchObject({ kind: 'doctype', line: 2 });
    const external = `<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<quiz>&xxe;</quiz>`;
    expect(fileError(external)).toMatchObject({ kind: 'doctype', line: 2 });
  });

  it('an entity that is not predefined is an error, not text', () => {
    expect(fileError(quiz('<question type="x"><name><text>&nbsp;</text></name></question>'))).toMatchObject({
      kind: 'not_well_formed',
      line: 3,
      message: expect.stringContaining('&nbsp;'),
    });
  });

  it('a root other than <quiz>, and bytes that are not UTF-8', () => {
    expect(fileError('<?xml version="1.0"?>\n<html></html>')).toMatchObject({ kind: 'not_moodle_xml', line: 2 });
    const latin1 = Buffer.concat([
      Buffer.from('<quiz>\n<question type="x"><name><text>'),
      Buffer.from([0xe0]),
      Buffer.from('</text></name></question></quiz>'),
    ]);
    expect(fileError(latin1)).toMatchObject({ kind: 'encoding', line: 2 });
  });

  it('more than 5,000 questions', () => {
    const q = '<question type="essay"><name><text>E</text></name></question>\n';
    expect(fileError(quiz(q.repeat(5001)))).toMatchObject({ kind: 'too_many_questions', status: 413, line: 5003 });
  });

  it('a file larger than 20 MB', () => {
    expect(fileError(Buffer.alloc(20 * 1024 * 1024 + 1, 32))).toMatchObject({ kind: 'too_large', status: 413 });
  });
});

describe('toMoodleXml', () => {
  it('escapes names and writes HTML in CDATA that Moodle reads back', () => {
    const xml = toMoodleXml([
      {
        category: 'A & B',
        question: {
          type: 'true_false',
          name: 'Tên <x> & "y"',
          stem: 'Đoạn 1\n\nĐoạn 2',
          options: [
            { key: 'true', text: 'Đúng', fraction: 0, feedback: null },
            { key: 'false', text: 'Sai', fraction: 1, feedback: null },
          ],
          shortAnswer: null,
          topics: [],
          difficulty: null,
          explanation: null,
        },
      },
    ]);
    expect(xml).toContain('<text>$course$/top/A &amp; B</text>');
    expect(xml).toContain('<name><text>Tên &lt;x&gt; &amp; &quot;y&quot;</text></name>');
    expect(xml).toContain('<![CDATA[<p>Đoạn 1</p><p>Đoạn 2</p>]]>');
    expect(xml).toContain('<answer fraction="0" format="moodle_auto_format"><text>true</text>');
    expect(xml).toContain('<answer fraction="100" format="moodle_auto_format"><text>false</text>');
  });
});
